using ImagePipeline.Storage;

namespace ImagePipeline.Protocol.Layout;

/// <summary>
/// The blob layout of a job. Every key is a function of ids and indexes, so a redelivered message
/// rewrites the same blob instead of adding a second one.
/// </summary>
public static class JobKeys
{
    /// <summary>Every blob of a job starts with this.</summary>
    public static string JobPrefix(Guid jobId) => $"{Root(jobId)}/";

    public static string Manifest(Guid jobId) => $"{Root(jobId)}/manifest.json";

    /// <summary>The user's original file, stored as submitted.</summary>
    public static string Source(Guid jobId, int imageIndex) => $"{Root(jobId)}/inputs/{imageIndex}/source";

    /// <summary>A blob of an image's raw input tiles (<see cref="InputPacks"/>): one large tile, or several small ones end to end.</summary>
    public static string InputPack(Guid jobId, int imageIndex, int packIndex) => $"{InputPacksOf(jobId, imageIndex)}{packIndex}.pack";

    /// <summary>The prefix every input pack of the image starts with.</summary>
    public static string InputPacksOf(Guid jobId, int imageIndex) => $"{Root(jobId)}/inputs/{imageIndex}/tiles/";

    /// <summary>
    /// An image's processed tiles, as the parts of one blob (a <see cref="PartedBlob"/> of as many parts as tiles,
    /// in tile order): each processor stores its tile's part, and the assembler reads them all at once.
    /// </summary>
    public static string Results(Guid jobId, int imageIndex) => $"{Root(jobId)}/results/{imageIndex}/tiles";

    /// <summary>A tile's statistics gathered in <paramref name="pass"/>, for the reduction.</summary>
    public static string TileStatistics(Guid jobId, int imageIndex, int pass, int tileIndex) =>
        $"{PassesOf(jobId, imageIndex)}{pass}/tiles/{tileIndex}.stats";

    /// <summary>What the reduction of <paramref name="pass"/> gives every tile of the later passes.</summary>
    public static string PassParameters(Guid jobId, int imageIndex, int pass) => $"{PassesOf(jobId, imageIndex)}{pass}/parameters";

    /// <summary>The prefix every statistics and parameters blob of the image starts with.</summary>
    public static string PassesOf(Guid jobId, int imageIndex) => $"{Root(jobId)}/passes/{imageIndex}/";

    /// <summary>
    /// Marks a tiled image that failed, written before its intermediates are removed: a tile of it still
    /// queued then finds its input gone for a known reason, and is dropped instead of retried.
    /// </summary>
    public static string FailedImage(Guid jobId, int imageIndex) => $"{Root(jobId)}/failed/{imageIndex}";

    /// <summary>The finished output; <paramref name="outputName"/> is made key-safe here.</summary>
    public static string Output(Guid jobId, string outputName) => $"{Root(jobId)}/outputs/{BlobKey.SafeSegment(outputName)}";

    /// <summary>
    /// Whether the key is one of a tiled image's intermediate blobs (input and result tiles, statistics, pass
    /// parameters), which the assembler removes once the image is whole; not a source, output or manifest.
    /// </summary>
    public static bool IsIntermediate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.StartsWith("jobs/", StringComparison.Ordinal)
            && (key.Contains("/tiles/", StringComparison.Ordinal) || key.Contains("/passes/", StringComparison.Ordinal));
    }

    static string Root(Guid jobId) => $"jobs/{jobId:N}";
}
