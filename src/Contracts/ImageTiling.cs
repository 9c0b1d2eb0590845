namespace ImagePipeline.Contracts;

/// <summary>
/// How an image was cut into tiles where it was prepared: its size, the grid, how far each tile reads beyond
/// its core, and how the raw tiles were packed into blobs. Every tile rectangle, pack and blob key of the image
/// follows from this and the image's identity, so a message queued before a default changed still means what it
/// meant when it was sent.
/// </summary>
public sealed record ImageTiling
{
    public required int Width { get; init; }
    public required int Height { get; init; }

    /// <summary>The side of a tile's core; the last column and row are narrower where the image does not divide.</summary>
    public required int TileSize { get; init; }

    /// <summary>How many pixels each tile's source reaches beyond its core on every side (clipped to the image).</summary>
    public required int Halo { get; init; }

    /// <summary>Channels of the raw source tiles, 8 bits each.</summary>
    public required int Channels { get; init; }

    /// <summary>At most this many bytes of consecutive raw tiles share one input blob, and so one command; a larger tile has its own.</summary>
    public required int MaxPackBytes { get; init; }
}
