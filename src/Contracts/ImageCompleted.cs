namespace ImagePipeline.Contracts;

/// <summary>An image's output is stored under its recipe's output key.</summary>
public sealed record ImageCompleted
{
    public required ImageIdentity Image { get; init; }
}
