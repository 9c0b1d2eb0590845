namespace ImagePipeline.Contracts;

/// <summary>How an image's finished output is encoded; lossless PNG unless set.</summary>
public sealed record OutputEncoding
{
    /// <summary><c>png</c>, <c>jpg</c>, <c>webp</c> or <c>tiff</c>.</summary>
    public string Format { get; init; } = "png";

    /// <summary>1-100 for <c>jpg</c> and <c>webp</c>; 0 for the format's default.</summary>
    public int Quality { get; init; }
}
