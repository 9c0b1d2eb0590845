namespace ImagePipeline.Imaging.Codecs.Probing;

/// <summary>PNG: the signature, then the IHDR chunk with big-endian width and height.</summary>
internal static class PngHeaderParser
{
    public static ImageHeader Parse(HeaderReader reader)
    {
        Span<byte> start = stackalloc byte[16];
        reader.ReadExactly(start);
        if (!start[12..16].SequenceEqual("IHDR"u8))
        {
            throw HeaderReader.NotSupported("the PNG file does not start with an IHDR chunk");
        }

        var width = reader.ReadUInt32(bigEndian: true);
        var height = reader.ReadUInt32(bigEndian: true);
        return new ImageHeader("png", HeaderReader.Dimension(width, "PNG", "width"), HeaderReader.Dimension(height, "PNG", "height"));
    }
}
