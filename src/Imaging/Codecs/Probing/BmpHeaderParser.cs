using System.Buffers.Binary;

namespace ImagePipeline.Imaging.Codecs.Probing;

/// <summary>BMP: a 14-byte file header, then a DIB header whose size tells its layout.</summary>
internal static class BmpHeaderParser
{
    public static ImageHeader Parse(HeaderReader reader)
    {
        Span<byte> header = stackalloc byte[26];
        reader.ReadExactly(header);
        var dibSize = BinaryPrimitives.ReadUInt32LittleEndian(header[14..]);
        long width;
        long height;
        if (dibSize == 12)
        {
            // OS/2 BITMAPCOREHEADER: unsigned 16-bit sizes.
            width = BinaryPrimitives.ReadUInt16LittleEndian(header[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(header[20..]);
        }
        else if (dibSize is >= 40 and <= 124)
        {
            // BITMAPINFOHEADER and its successors: signed 32-bit; a negative height means top-down rows.
            width = BinaryPrimitives.ReadInt32LittleEndian(header[18..]);
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(header[22..]));
        }
        else
        {
            throw HeaderReader.NotSupported($"the BMP header size {dibSize} is unknown");
        }

        return new ImageHeader("bmp", HeaderReader.Dimension(width, "BMP", "width"), HeaderReader.Dimension(height, "BMP", "height"));
    }
}
