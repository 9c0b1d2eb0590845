using System.Buffers.Binary;

namespace ImagePipeline.Imaging.Codecs.Probing;

/// <summary>WebP: a RIFF container whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended).</summary>
internal static class WebPHeaderParser
{
    public static ImageHeader Parse(HeaderReader reader)
    {
        Span<byte> header = stackalloc byte[30];
        reader.ReadExactly(header);
        var chunk = header[12..16];
        var data = header[20..];
        long width;
        long height;
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit sizes with 2 scaling bits on top.
            if (!data[3..6].SequenceEqual((ReadOnlySpan<byte>)[0x9D, 0x01, 0x2A]))
            {
                throw HeaderReader.NotSupported("the WebP VP8 frame has no start code");
            }

            width = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF;
        }
        else if (chunk.SequenceEqual("VP8L"u8))
        {
            // Signature 0x2F, then width-1 and height-1 packed as two 14-bit fields.
            if (data[0] != 0x2F)
            {
                throw HeaderReader.NotSupported("the WebP VP8L stream has no signature");
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            width = (bits & 0x3FFF) + 1;
            height = ((bits >> 14) & 0x3FFF) + 1;
        }
        else if (chunk.SequenceEqual("VP8X"u8))
        {
            // Flags (1 byte), reserved (3), then canvas width-1 and height-1 as 24-bit fields.
            width = Read24(data[4..]) + 1;
            height = Read24(data[7..]) + 1;
        }
        else
        {
            throw HeaderReader.NotSupported("the WebP file starts with an unknown chunk");
        }

        return new ImageHeader("webp", HeaderReader.Dimension(width, "WebP", "width"), HeaderReader.Dimension(height, "WebP", "height"));
    }

    private static long Read24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);
}
