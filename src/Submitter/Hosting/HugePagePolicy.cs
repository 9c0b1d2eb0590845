using System.CommandLine;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;

namespace ImagePipeline.Submitter.Hosting;

/// <summary>
/// Decides whether this invocation restarts with its heap on huge pages (<see cref="HugePageHeap"/>): the restart
/// costs one more runtime start, which a 1 MP batch would pay for nothing and a tiled image in <c>run</c> repays
/// many times. <c>submit</c> never restarts: it only decodes and cuts, once per image, and measured the same or
/// slower with the restart (docs/PERFORMANCE.md, round 11).
/// </summary>
internal static class HugePagePolicy
{
    /// <summary>
    /// Past this many inputs the headers are not read: such a batch takes long enough that the restart is noise,
    /// while reading thousands of headers first would not be.
    /// </summary>
    const int ProbedAtMost = 256;

    /// <summary>Returns only when the process goes on as it is; when it restarts, the new process parses the same arguments.</summary>
    public static void RestartIfWorthIt(ParseResult parse)
    {
        if (IsWorthIt(parse))
            HugePageHeap.RestartProcessWithThem();
    }

    /// <summary>
    /// Only an invocation that runs its command can be worth it: <c>run --help</c> prints and exits, and its
    /// required arguments may be missing, so its inputs are neither there nor to be read.
    /// </summary>
    public static bool IsWorthIt(ParseResult parse) =>
        parse.CommandResult.Command is IMayHoldLargeImages command
        && parse.Action == parse.CommandResult.Command.Action
        && command.MayHoldLargeImages(parse);

    /// <summary>
    /// Whether any of the named inputs decodes to colour pixels beyond glibc's mmap threshold. Unreadable or
    /// missing inputs count as small: the command reports them itself.
    /// </summary>
    public static bool AnyLargeAmong(IEnumerable<string> paths)
    {
        IReadOnlyList<string> files;
        try
        {
            files = InputFiles.Expand(paths);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return files.Count > ProbedAtMost || files.Any(IsLarge);
    }

    static bool IsLarge(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            var header = ImageProbe.ReadHeader(stream);
            return (long)header.Width * header.Height * 3 > NativeHeapTuning.MmapThresholdBytes;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidImageException)
        {
            return false;
        }
    }
}
