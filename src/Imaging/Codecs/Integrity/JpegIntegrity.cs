using System.Buffers.Binary;

namespace ImagePipeline.Imaging.Codecs.Integrity;

/// <summary>
/// Whether a JPEG file reaches its end-of-image marker. Segments are skipped by their length and
/// scan data searched for the next marker, so an EOI inside an embedded thumbnail does not count
/// and bytes after the real EOI are allowed.
/// </summary>
internal static class JpegIntegrity
{
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;

    public static bool IsComplete(ReadOnlySpan<byte> jpeg)
    {
        var offset = 2; // after SOI
        while (true)
        {
            if (offset >= jpeg.Length || jpeg[offset] != 0xFF)
            {
                return false;
            }

            while (offset < jpeg.Length && jpeg[offset] == 0xFF)
            {
                offset++; // fill bytes
            }

            if (offset >= jpeg.Length)
            {
                return false;
            }

            var marker = jpeg[offset++];
            if (marker == EndOfImage)
            {
                return true;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD8))
            {
                continue;
            }

            if (offset + 2 > jpeg.Length)
            {
                return false;
            }

            offset += BinaryPrimitives.ReadUInt16BigEndian(jpeg[offset..]);
            if (marker == StartOfScan)
            {
                offset = NextMarkerAfterScan(jpeg, offset);
            }
        }
    }

    /// <summary>In entropy-coded data 0xFF is followed by 0x00 (stuffing) or a restart marker; anything else ends the scan.</summary>
    private static int NextMarkerAfterScan(ReadOnlySpan<byte> jpeg, int offset)
    {
        while (offset < jpeg.Length)
        {
            var found = jpeg[offset..].IndexOf((byte)0xFF);
            if (found < 0 || offset + found + 1 >= jpeg.Length)
            {
                return jpeg.Length;
            }

            offset += found;
            var next = jpeg[offset + 1];
            if (next is 0x00 or (>= 0xD0 and <= 0xD7))
            {
                offset += 2;
                continue;
            }

            return offset;
        }

        return jpeg.Length;
    }
}
