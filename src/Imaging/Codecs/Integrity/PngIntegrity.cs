using System.Buffers.Binary;

namespace ImagePipeline.Imaging.Codecs.Integrity;

/// <summary>Whether a PNG file runs, chunk by chunk, all the way to its IEND chunk.</summary>
internal static class PngIntegrity
{
    private const int SignatureLength = 8;

    // Length (4), type (4) and CRC (4) around each chunk's data.
    private const int ChunkOverhead = 12;

    public static bool IsComplete(ReadOnlySpan<byte> png)
    {
        long offset = SignatureLength;
        while (offset + ChunkOverhead <= png.Length)
        {
            var chunk = png[(int)offset..];
            var length = BinaryPrimitives.ReadUInt32BigEndian(chunk);
            if (chunk[4..8].SequenceEqual("IEND"u8))
            {
                return true;
            }

            offset += ChunkOverhead + (long)length;
        }

        return false;
    }

    /// <summary>The same walk over a seekable file: only the chunk headers are read, the data is skipped.</summary>
    public static bool IsComplete(Stream png)
    {
        Span<byte> header = stackalloc byte[8];
        long offset = SignatureLength;
        while (offset + ChunkOverhead <= png.Length)
        {
            png.Position = offset;
            png.ReadExactly(header);
            if (header[4..8].SequenceEqual("IEND"u8))
            {
                return true;
            }

            offset += ChunkOverhead + (long)BinaryPrimitives.ReadUInt32BigEndian(header);
        }

        return false;
    }
}
