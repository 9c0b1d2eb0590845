namespace ImagePipeline.Contracts;

/// <summary>Tiles cannot be processed, ever (corrupt input, unknown operation, a cancelled job): their image fails with <see cref="Reason"/>.</summary>
public sealed record TileFailed
{
    public required ImageIdentity Image { get; init; }

    /// <summary>Tells the image's saga whether anything of it was stored to remove (a tiled image), and how it was laid out.</summary>
    public required ImageRecipe Recipe { get; init; }

    public required string Reason { get; init; }
}
