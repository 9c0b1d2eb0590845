namespace ImagePipeline.Contracts;

/// <summary>A processor stored the results of a command's tiles, or in a pass before the last their statistics.</summary>
public sealed record TileProcessed
{
    public required ImageIdentity Image { get; init; }

    /// <summary>Kept by the image's saga from its first event, for the reductions and the assembly it orders.</summary>
    public required ImageRecipe Recipe { get; init; }

    public required int Pass { get; init; }
    public required TileRange Tiles { get; init; }
}
