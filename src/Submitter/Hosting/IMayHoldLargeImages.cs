using System.CommandLine;

namespace ImagePipeline.Submitter.Hosting;

/// <summary>
/// A command whose process may decode, cut or stitch images large enough for their pixel buffers to be
/// mapped afresh by glibc, and so be worth restarting with huge pages (<see cref="HugePagePolicy"/>).
/// </summary>
internal interface IMayHoldLargeImages
{
    bool MayHoldLargeImages(ParseResult parse);
}
