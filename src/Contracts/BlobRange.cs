namespace ImagePipeline.Contracts;

/// <summary>A run of bytes inside a blob: where one small tile lies in a blob that packs several.</summary>
public sealed record BlobRange
{
    public required long Offset { get; init; }
    public required int Length { get; init; }
}
