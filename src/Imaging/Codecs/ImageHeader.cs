namespace ImagePipeline.Imaging.Codecs;

/// <summary>What a file's header says about it, read without decoding any pixels.</summary>
public sealed record ImageHeader(string Format, int Width, int Height)
{
    public long PixelCount => (long)Width * Height;
}
