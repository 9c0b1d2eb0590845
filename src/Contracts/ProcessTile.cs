namespace ImagePipeline.Contracts;

/// <summary>Command to a processor: apply <see cref="Operation"/> to one tile (or one whole image).</summary>
public sealed record ProcessTile
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required int ImageIndex { get; init; }
    public required int ImageCount { get; init; }
    public required int TileIndex { get; init; }

    /// <summary>
    /// How many consecutive tiles, from <see cref="TileIndex"/> on, the command covers. The small tiles that share
    /// one input blob go as one command (a run): their blob is read with one request, and the image's saga counts
    /// them with one update. Absent in older messages, which meant one.
    /// </summary>
    public int TileRunLength { get; init; } = 1;

    public required ImageGeometry Geometry { get; init; }
    public required string Operation { get; init; }
    public required string InputKey { get; init; }
    public required TileInputKind InputKind { get; init; }

    /// <summary>
    /// Where the tile's raw input lies in <see cref="InputKey"/> when that blob packs several small tiles and the
    /// command covers one of them (messages of an earlier build); absent when the command covers every tile of its
    /// blob, one tile or a run, and in older messages, which never packed tiles.
    /// </summary>
    public BlobRange? InputRange { get; init; }

    /// <summary>
    /// The part of the processed input to keep: the tile's core without its halo. For a run, the first tile's;
    /// the others' follow from the geometry and the operation's halo, as they did when the tiles were cut.
    /// </summary>
    public required TileRegion Keep { get; init; }

    /// <summary>
    /// Where the processed tile goes: for a tile, the image's results blob, of which the raw tile is part
    /// <see cref="TileIndex"/> for assembly; the final file when <see cref="IsWholeImage"/>.
    /// </summary>
    public required string ResultKey { get; init; }

    /// <summary>Where the image's finished output goes (the same as <see cref="ResultKey"/> for a whole image).</summary>
    public required string OutputKey { get; init; }

    /// <summary>True when this one message is the whole image, so its result is the finished output.</summary>
    public required bool IsWholeImage { get; init; }

    /// <summary>How the finished output is encoded; absent in older messages, which meant lossless PNG.</summary>
    public OutputEncoding OutputEncoding { get; init; } = new();

    /// <summary>
    /// Which pass over the image's tiles this is (0-based). A chain with global steps runs one pass per global
    /// step, each storing the tile's statistics, then a last pass that stores the result; others have one pass.
    /// </summary>
    public int Pass { get; init; }

    /// <summary>How many passes the image's chain needs; absent in older messages, which meant one.</summary>
    public int PassCount { get; init; } = 1;

    /// <summary>Where the finished output is also kept for reuse: a key made from the input's content and the recipe (see ResultCache); absent when not cached.</summary>
    public string? ResultCacheKey { get; init; }
}
