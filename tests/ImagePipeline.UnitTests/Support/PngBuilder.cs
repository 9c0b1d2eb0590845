using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ImagePipeline.UnitTests.Support;

/// <summary>
/// Writes PNG files OpenCV cannot produce (palette, Adam7-interlaced, lying headers), chunk by chunk,
/// so the pipeline can be tested on inputs people really have; and reads back the rows of one OpenCV wrote.
/// </summary>
public static class PngBuilder
{
    static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>An 8-bit palette image: <paramref name="indexes"/> rows of palette indexes into <paramref name="paletteRgb"/>.</summary>
    public static byte[] Palette(byte[][] indexes, byte[] paletteRgb)
    {
        var height = indexes.Length;
        var width = indexes[0].Length;
        return Build(Header(width, height, bitDepth: 8, colorType: 3, interlace: 0),
            [("PLTE", paletteRgb), ("IDAT", Compress(indexes.SelectMany(Scanline).ToArray()))]);
    }

    /// <summary>An 8-bit gray image stored with Adam7 interlacing.</summary>
    public static byte[] InterlacedGray(byte[,] pixels)
    {
        int height = pixels.GetLength(0), width = pixels.GetLength(1);
        (int x0, int y0, int dx, int dy)[] passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
        var raw = new List<byte>();
        foreach (var (x0, y0, dx, dy) in passes)
        {
            for (var y = y0; y < height; y += dy)
            {
                var row = new List<byte>();
                for (var x = x0; x < width; x += dx)
                    row.Add(pixels[y, x]);
                if (row.Count > 0)
                    raw.AddRange(Scanline(row.ToArray()));
            }
        }

        return Build(Header(width, height, bitDepth: 8, colorType: 0, interlace: 1), [("IDAT", Compress(raw.ToArray()))]);
    }

    /// <summary>A valid-looking file whose header claims <paramref name="width"/> x <paramref name="height"/> but holds almost no data: a decompression bomb's shape.</summary>
    public static byte[] LyingHeader(int width, int height) =>
        Build(Header(width, height, bitDepth: 8, colorType: 2, interlace: 0), [("IDAT", Compress(new byte[64]))]);

    static byte[] Scanline(byte[] row) => [0, .. row];

    static byte[] Header(int width, int height, byte bitDepth, byte colorType, byte interlace)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colorType;
        header[12] = interlace;
        return header;
    }

    static byte[] Build(byte[] header, (string Type, byte[] Data)[] chunks)
    {
        using var file = new MemoryStream();
        file.Write(Signature);
        WriteChunk(file, "IHDR", header);
        foreach (var (type, data) in chunks)
            WriteChunk(file, type, data);
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    static void WriteChunk(Stream file, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        file.Write(number);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        file.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        file.Write(number);
    }

    /// <summary>
    /// The reverse of what this builder writes, for checking an encoder's output: the PNG's IDAT chunks
    /// joined and inflated, each row's filter type byte followed by its filtered bytes.
    /// </summary>
    public static byte[] InflatedScanlines(byte[] png)
    {
        using var compressed = new MemoryStream();
        for (var at = Signature.Length; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            if (Encoding.ASCII.GetString(png, at + 4, 4) == "IDAT")
                compressed.Write(png, at + 8, length);
            at += 12 + length; // length, type, data, CRC
        }

        compressed.Position = 0;
        using var inflate = new ZLibStream(compressed, CompressionMode.Decompress);
        using var rows = new MemoryStream();
        inflate.CopyTo(rows);
        return rows.ToArray();
    }

    /// <summary>Each row's filter type byte, from the inflated scanlines of a <paramref name="width"/> x <paramref name="height"/> 8-bit image.</summary>
    /// <exception cref="InvalidDataException">The scanlines are not exactly as many bytes as such an image's.</exception>
    public static byte[] RowFilterTypes(byte[] png, int width, int height, int channels)
    {
        var rows = InflatedScanlines(png);
        var stride = 1 + width * channels;
        if (rows.Length != height * stride)
            throw new InvalidDataException($"{rows.Length} bytes of scanlines, expected {height} rows of {stride}");
        return Enumerable.Range(0, height).Select(row => rows[row * stride]).ToArray();
    }

    /// <summary>Whether every chunk of <paramref name="png"/> ends in the CRC of its type and data, computed here bit by bit.</summary>
    public static bool ChunkChecksumsHold(byte[] png)
    {
        for (var at = Signature.Length; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            if (Crc32(png[(at + 4)..(at + 8 + length)]) != stored)
                return false;
            at += 12 + length;
        }

        return true;
    }

    static byte[] Compress(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
            zlib.Write(raw);
        return output.ToArray();
    }

    // PNG's CRC-32 (ISO 3309, reflected polynomial 0xEDB88320).
    static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }

        return ~crc;
    }
}
