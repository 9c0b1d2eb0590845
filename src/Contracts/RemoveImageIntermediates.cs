namespace ImagePipeline.Contracts;

/// <summary>
/// Command: the image failed (or its job was cancelled) while tiled; remove what its tiles left in the
/// store (input tiles, statistics, parameters, staged results), as assembly does for an image that
/// succeeds. Sent again for each tile that stores a result after the failure.
/// </summary>
public sealed record RemoveImageIntermediates
{
    public required ImageIdentity Image { get; init; }

    /// <summary>A tiled image's recipe: its tiling says where its tiles stored what.</summary>
    public required ImageRecipe Recipe { get; init; }
}
