using OpenCvSharp;

namespace ImagePipeline.Imaging.Codecs;

/// <summary>
/// Intermediate tile data: a small header (magic, width, height, channels) and the raw 8-bit
/// pixels. No compression: tiles cross the network once and encoding costs more than it saves.
/// </summary>
public static class RawTileFormat
{
    public static void Write(Mat image, Stream destination) => throw new NotImplementedException();

    /// <exception cref="InvalidImageException">The stream does not hold a valid raw tile.</exception>
    public static Mat Read(Stream source) => throw new NotImplementedException();
}
