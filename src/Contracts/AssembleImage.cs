namespace ImagePipeline.Contracts;

/// <summary>Command: every tile of an image is processed; stitch them into the output file.</summary>
public sealed record AssembleImage
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required int ImageIndex { get; init; }
    public required int ImageCount { get; init; }
    public required ImageGeometry Geometry { get; init; }

    /// <summary>
    /// The blob whose parts are the processed tiles in tile order: a part per tile command, at its first tile's index,
    /// holding that tile's result or a run's results end to end (see <see cref="ProcessTile.TileRunLength"/>).
    /// </summary>
    public required string ResultsKey { get; init; }

    /// <summary>
    /// The operation spec the tiles were processed with: its halo fixes how the tiles were packed into runs, and so
    /// which parts of <see cref="ResultsKey"/> were written. Absent in older messages, whose every tile wrote a part.
    /// </summary>
    public string Operation { get; init; } = "";

    public required string OutputKey { get; init; }

    /// <summary>How the finished output is encoded; absent in older messages, which meant lossless PNG.</summary>
    public OutputEncoding OutputEncoding { get; init; } = new();

    /// <summary>How many passes made the tiles, so their statistics can be cleaned up; absent in older messages, which meant one.</summary>
    public int PassCount { get; init; } = 1;

    /// <summary>Where the finished output is also kept for reuse: a key made from the input's content and the recipe (see ResultCache); absent when not cached.</summary>
    public string? ResultCacheKey { get; init; }
}
