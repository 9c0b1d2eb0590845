namespace ImagePipeline.Contracts;

/// <summary>Command: every tile of an image is processed; stitch them into the output file and remove what they left.</summary>
public sealed record AssembleImage
{
    public required ImageIdentity Image { get; init; }
    public required ImageRecipe Recipe { get; init; }
}
