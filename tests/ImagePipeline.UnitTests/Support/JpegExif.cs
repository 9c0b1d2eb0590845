using System.Buffers.Binary;

namespace ImagePipeline.UnitTests.Support;

/// <summary>Adds an EXIF block with an orientation tag to a JPEG, as cameras do when the photo was taken sideways.</summary>
public static class JpegExif
{
    public static byte[] WithOrientation(byte[] jpeg, ushort orientation)
    {
        // "Exif\0\0", then a little-endian TIFF header and one IFD with the orientation tag (0x0112, SHORT).
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(18), orientation);
        byte[] payload = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0, .. tiff];
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
