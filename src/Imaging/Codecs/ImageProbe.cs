namespace ImagePipeline.Imaging.Codecs;

/// <summary>Reads image headers without decoding, so oversized or broken files are refused cheaply.</summary>
public static class ImageProbe
{
    /// <exception cref="InvalidImageException">Not a supported image, or its header is unreadable.</exception>
    public static ImageHeader ReadHeader(Stream file) => throw new NotImplementedException();
}
