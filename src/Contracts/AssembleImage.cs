namespace ImagePipeline.Contracts;

/// <summary>Command: every tile of an image is processed; stitch them into the output file.</summary>
public sealed record AssembleImage
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required int ImageIndex { get; init; }
    public required int ImageCount { get; init; }
    public required ImageGeometry Geometry { get; init; }

    /// <summary>The blob whose parts are the processed tiles, one per tile of <see cref="Geometry"/>, in tile order.</summary>
    public required string ResultsKey { get; init; }

    public required string OutputKey { get; init; }

    /// <summary>How the finished output is encoded; absent in older messages, which meant lossless PNG.</summary>
    public OutputEncoding OutputEncoding { get; init; } = new();

    /// <summary>How many passes made the tiles, so their statistics can be cleaned up; absent in older messages, which meant one.</summary>
    public int PassCount { get; init; } = 1;

    /// <summary>Where the finished output is also kept for reuse: a key made from the input's content and the recipe (see ResultCache); absent when not cached.</summary>
    public string? ResultCacheKey { get; init; }
}
