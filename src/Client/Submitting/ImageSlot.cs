using ImagePipeline.Contracts;

namespace ImagePipeline.Client.Submitting;

/// <summary>One input's place in a job: its identity and output, fixed before any work starts.</summary>
internal sealed record ImageSlot(ImageIdentity Image, string SourcePath, string OutputName, string OutputKey)
{
    public ManifestImage ToManifest() => new()
    {
        Index = Image.Index,
        ImageId = Image.ImageId,
        SourceName = SourcePath,
        OutputName = OutputName,
        OutputKey = OutputKey,
    };
}
