namespace ImagePipeline.Contracts;

/// <summary>A processor stored a tile's result (or a run of tiles' results), or its statistics in a pass before the last.</summary>
public sealed record TileProcessed
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required int ImageIndex { get; init; }
    public required int ImageCount { get; init; }
    public required int TileIndex { get; init; }

    /// <summary>How many consecutive tiles, from <see cref="TileIndex"/> on, were processed (see <see cref="ProcessTile.TileRunLength"/>); absent in older messages, which meant one.</summary>
    public int TileRunLength { get; init; } = 1;

    public required ImageGeometry Geometry { get; init; }
    public required string ResultKey { get; init; }
    public required string OutputKey { get; init; }
    public required bool IsWholeImage { get; init; }

    /// <summary>How the finished output is encoded; absent in older messages, which meant lossless PNG.</summary>
    public OutputEncoding OutputEncoding { get; init; } = new();

    /// <summary>The operation spec, so the image's saga can have statistics reduced between passes.</summary>
    public string Operation { get; init; } = "";

    /// <summary>The pass the tile was processed in (see <see cref="ProcessTile.Pass"/>).</summary>
    public int Pass { get; init; }

    public int PassCount { get; init; } = 1;

    /// <summary>Where the finished output is also kept for reuse: a key made from the input's content and the recipe (see ResultCache); absent when not cached.</summary>
    public string? ResultCacheKey { get; init; }
}
