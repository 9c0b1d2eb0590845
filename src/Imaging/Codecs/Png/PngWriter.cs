using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Numerics;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Codecs.Png;

/// <summary>
/// Writes a PNG on every core. OpenCV's encoder filters and deflates the whole image on one thread: the last
/// second or two of a large image's job, with the other cores idle. Here the rows are cut into strips of about
/// <see cref="StripBytes"/>, each filtered and deflated on its own, and the strips' deflate streams joined into
/// the image's one zlib stream: every strip but the last ends in a sync flush (a byte-aligned empty block), so
/// they concatenate, as pigz does, and their Adler-32 checksums combine.
/// </summary>
/// <remarks>
/// The settings are the codec's OpenCV ones (<see cref="ImageCodec"/>): the Up filter on every row, zlib's
/// run-length strategy at level 1. Run-length matches reach one pixel back at most, so cutting the stream
/// into strips costs no compression. The strips depend on the image's size only, so the same pixels always
/// give the same bytes, on any machine. Strips are encoded a wave of two per core at a time and written before
/// the next wave, so memory holds one wave's output (pooled buffers, kept for the next image), not the whole file.
/// </remarks>
public static class ParallelPngWriter
{
    /// <summary>About this many filtered bytes per strip: many strips per core for an even load, few enough to join cheaply.</summary>
    internal const int StripBytes = 4 << 20;

    const byte UpFilter = 2;
    static readonly ZLibCompressionOptions CompressionOptions = new()
    {
        CompressionLevel = 1,
        CompressionStrategy = ZLibCompressionStrategy.RunLengthEncoding,
    };

    static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    // zlib's header for deflate with a 32 KiB window and no preset dictionary; the check bits make it a multiple of 31.
    static ReadOnlySpan<byte> ZlibHeader => [0x78, 0x01];

    /// <exception cref="ArgumentException">The image is empty or not 8-bit with 1 or 3 channels.</exception>
    public static void Write(Mat image, Stream destination) => Write(image, destination, Environment.ProcessorCount);

    /// <summary>As <see cref="Write(Mat, Stream)"/> on at most <paramref name="cores"/> threads; the bytes are the same for any number.</summary>
    internal static void Write(Mat image, Stream destination, int cores)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(destination);
        var type = image.Type();
        if (image.Empty() || (type != MatType.CV_8UC1 && type != MatType.CV_8UC3))
            throw new ArgumentException($"Expected a non-empty 8-bit image with 1 or 3 channels, got {image.Width} x {image.Height} of type {type}.", nameof(image));

        var channels = image.Channels();
        var rowBytes = image.Width * channels;
        var rowsPerStrip = Math.Max(1, StripBytes / (rowBytes + 1));
        var stripCount = (image.Height + rowsPerStrip - 1) / rowsPerStrip;

        destination.Write(Signature);
        WriteChunk(destination, "IHDR"u8, [], Header(image.Width, image.Height, channels), []);

        // Strips go out in order, a wave at a time.
        var ahead = Math.Max(2, cores * 2);
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = cores };
        var adler = Adler32.Initial;
        Span<byte> trailer = stackalloc byte[4];
        for (var first = 0; first < stripCount; first += ahead)
        {
            var count = Math.Min(ahead, stripCount - first);
            var strips = new EncodedStrip[count];
            Parallel.For(0, count, parallelism, i =>
            {
                var strip = first + i;
                var startRow = strip * rowsPerStrip;
                strips[i] = EncodeStrip(image, startRow, Math.Min(rowsPerStrip, image.Height - startRow), isLast: strip == stripCount - 1);
            });

            for (var i = 0; i < count; i++)
            {
                var strip = strips[i];
                adler = Adler32.Combine(adler, strip.Adler, strip.FilteredLength);
                BinaryPrimitives.WriteUInt32BigEndian(trailer, adler);
                WriteChunk(destination, "IDAT"u8, first + i == 0 ? ZlibHeader : [], strip.Deflated.Span,
                    first + i == stripCount - 1 ? trailer : []);
                ArrayPool<byte>.Shared.Return(strip.Buffer);
            }
        }

        WriteChunk(destination, "IEND"u8, [], [], []);
    }

    sealed record EncodedStrip(byte[] Buffer, int DeflatedLength, uint Adler, long FilteredLength)
    {
        public ReadOnlyMemory<byte> Deflated => Buffer.AsMemory(0, DeflatedLength);
    }

    static EncodedStrip EncodeStrip(Mat image, int startRow, int rowCount, bool isLast)
    {
        var rowBytes = image.Width * image.Channels();
        // Rows are put in PNG's order one at a time into two small rows that take turns as the current one and
        // the one above: no copy of the strip. The first row of the image has zeros above it.
        using var above = new Mat(1, image.Width, image.Type(), Scalar.All(0));
        using var current = new Mat(1, image.Width, image.Type());
        if (startRow > 0)
            PngOrderedRow(image, startRow - 1, above);
        var filtered = new byte[1 + rowBytes];
        filtered[0] = UpFilter;
        var adler = Adler32.Initial;

        // zlib's own conservative bound on deflate's output (deflateBound for any strategy: blocks of fixed codes
        // at nine bits a byte, plus their overhead), and room for the sync flush. So this always holds a strip's
        // output, and, pooled, it is not faulted in afresh for every strip. (About 4.7 MB: the pool's 8 MiB arrays.)
        var filteredLength = (long)rowCount * filtered.Length;
        var bound = filteredLength + (filteredLength >> 3) + (filteredLength >> 8) + (filteredLength >> 9) + 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(checked((int)bound));
        try
        {
            using var output = new MemoryStream(buffer, writable: true);
            var deflatedLength = 0;
            using (var deflate = new DeflateStream(output, CompressionOptions, leaveOpen: true))
            {
                for (var y = 0; y < rowCount; y++)
                {
                    PngOrderedRow(image, startRow + y, y % 2 == 0 ? current : above);
                    var (row, previous) = y % 2 == 0 ? (current, above) : (above, current);
                    Subtract(SpanOf(row, rowBytes), SpanOf(previous, rowBytes), filtered.AsSpan(1));
                    adler = Adler32.Update(adler, filtered);
                    deflate.Write(filtered);
                }

                // A sync flush ends the strip on a byte boundary without ending the stream; what disposing adds after
                // it (the final block) is cut off. The last strip keeps it: it ends the stream.
                if (!isLast)
                {
                    deflate.Flush();
                    deflatedLength = checked((int)output.Position);
                }
            }

            if (isLast)
                deflatedLength = checked((int)output.Position);
            return new EncodedStrip(buffer, deflatedLength, adler, filteredLength);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    // PNG stores colour as RGB; OpenCV keeps BGR.
    static void PngOrderedRow(Mat image, int y, Mat destination)
    {
        using var row = image.Row(y);
        if (image.Channels() == 1)
            row.CopyTo(destination);
        else
            Cv2.CvtColor(row, destination, ColorConversionCodes.BGR2RGB);
    }

    // The rows are made here, one row each, so they are continuous and their span is their bytes.
    static ReadOnlySpan<byte> SpanOf(Mat row, int length) => row.AsSpan<byte>()[..length];

    // Up: each byte minus the one above it, modulo 256.
    static void Subtract(ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, Span<byte> result)
    {
        var i = 0;
        for (; i <= row.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            (new Vector<byte>(row[i..]) - new Vector<byte>(above[i..])).CopyTo(result[i..]);
        for (; i < row.Length; i++)
            result[i] = (byte)(row[i] - above[i]);
    }

    static byte[] Header(int width, int height, int channels)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = (byte)(channels == 1 ? 0 : 2); // gray, or RGB
        // compression 0 (deflate), filter method 0 (adaptive, per row), interlace 0 (none)
        return header;
    }

    // A chunk: length, type, data, and the CRC of type and data. The data comes in up to three pieces, so that
    // an IDAT chunk can carry a strip with the zlib header before it or the checksum after it, uncopied.
    static void WriteChunk(Stream destination, ReadOnlySpan<byte> type, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data,
        ReadOnlySpan<byte> suffix)
    {
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(prefix);
        crc.Append(data);
        crc.Append(suffix);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, checked(prefix.Length + data.Length + suffix.Length));
        destination.Write(number);
        destination.Write(type);
        destination.Write(prefix);
        destination.Write(data);
        destination.Write(suffix);
        BinaryPrimitives.WriteUInt32BigEndian(number, crc.GetCurrentHashAsUInt32());
        destination.Write(number);
    }
}
