namespace ImagePipeline.Contracts;

/// <summary>The output file of a tiled image is stored, and its intermediate blobs are removed.</summary>
public sealed record ImageAssembled
{
    public required ImageIdentity Image { get; init; }
}
