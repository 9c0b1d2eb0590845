namespace ImagePipeline.Contracts;

/// <summary>An image will produce no output; <see cref="Reason"/> says why, in words for the user.</summary>
public sealed record ImageFailed
{
    public required ImageIdentity Image { get; init; }
    public required string Reason { get; init; }
}
