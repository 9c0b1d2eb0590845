namespace ImagePipeline.Contracts;

/// <summary>An image will produce no output; <see cref="Reason"/> says why, in words for the user.</summary>
public sealed record ImageFailed
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required int ImageIndex { get; init; }
    public required int ImageCount { get; init; }
    public required string Reason { get; init; }
}
