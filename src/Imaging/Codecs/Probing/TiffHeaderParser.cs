using System.Buffers.Binary;

namespace ImagePipeline.Imaging.Codecs.Probing;

/// <summary>TIFF (classic, not BigTIFF): the first image file directory's ImageWidth and ImageLength tags.</summary>
internal static class TiffHeaderParser
{
    private const ushort ImageWidthTag = 256;
    private const ushort ImageLengthTag = 257;
    private const ushort ShortType = 3;
    private const ushort LongType = 4;

    public static ImageHeader Parse(HeaderReader reader)
    {
        Span<byte> byteOrder = stackalloc byte[4];
        reader.ReadExactly(byteOrder);
        var bigEndian = byteOrder[0] == (byte)'M';
        reader.SkipTo(reader.ReadUInt32(bigEndian));

        var entries = reader.ReadUInt16(bigEndian);
        long width = 0;
        long height = 0;
        Span<byte> value = stackalloc byte[4];
        for (var i = 0; i < entries && (width == 0 || height == 0); i++)
        {
            var tag = reader.ReadUInt16(bigEndian);
            var type = reader.ReadUInt16(bigEndian);
            var count = reader.ReadUInt32(bigEndian);
            reader.ReadExactly(value);
            if (tag is not (ImageWidthTag or ImageLengthTag) || count != 1)
            {
                continue;
            }

            // A single SHORT or LONG sits in the first bytes of the value field.
            long number = type switch
            {
                ShortType => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(value) : BinaryPrimitives.ReadUInt16LittleEndian(value),
                LongType => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(value) : BinaryPrimitives.ReadUInt32LittleEndian(value),
                _ => throw HeaderReader.NotSupported($"the TIFF size tag has type {type}"),
            };
            if (tag == ImageWidthTag)
            {
                width = number;
            }
            else
            {
                height = number;
            }
        }

        if (width == 0 || height == 0)
        {
            throw HeaderReader.NotSupported("the TIFF directory has no image width and length");
        }

        return new ImageHeader("tiff", HeaderReader.Dimension(width, "TIFF", "width"), HeaderReader.Dimension(height, "TIFF", "height"));
    }
}
