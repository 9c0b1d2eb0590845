namespace ImagePipeline.Contracts;

/// <summary>
/// Command to a processor: apply the recipe's operation to some tiles of an image in one pass, or to the whole
/// image when it is not tiled. The tiles are one input pack's, so the processor reads one blob for them all.
/// </summary>
public sealed record ProcessTile
{
    public required ImageIdentity Image { get; init; }
    public required ImageRecipe Recipe { get; init; }

    /// <summary>
    /// Which pass over the image's tiles this is, from 0. A chain with global steps runs one pass per global step,
    /// each storing its tiles' statistics, then a last pass that stores their results; others have one pass.
    /// </summary>
    public required int Pass { get; init; }

    /// <summary>The tiles the command covers: one input pack's; tile 0 alone for an image processed whole.</summary>
    public required TileRange Tiles { get; init; }
}
