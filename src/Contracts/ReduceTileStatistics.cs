namespace ImagePipeline.Contracts;

/// <summary>
/// Command: every tile of an image has stored its statistics for <see cref="Pass"/>; reduce them to the
/// parameters of the pass's global step, store those, and queue the image's tiles for the next pass.
/// </summary>
public sealed record ReduceTileStatistics
{
    public required ImageIdentity Image { get; init; }
    public required ImageRecipe Recipe { get; init; }
    public required int Pass { get; init; }
}
