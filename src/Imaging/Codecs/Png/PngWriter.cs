using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Codecs.Png;

/// <summary>
/// Writes every PNG the pipeline makes: each row with the Up filter, deflated by .NET's zlib-ng at level 1 with
/// the run-length strategy. Against OpenCV's encoder (libpng and zlib, the same filter and strategy) the same
/// pixels in about two thirds of the time, in files of the same size within a few per cent.
/// </summary>
/// <remarks>
/// The rows are cut into strips of about <see cref="StripBytes"/>, each filtered and deflated on its own, and the
/// strips' deflate streams joined into the image's one zlib stream: every strip but the last ends in a sync flush
/// (a byte-aligned empty block), so they concatenate, as pigz does, and their Adler-32 checksums combine. A large
/// image's strips are encoded on several cores at once. Run-length matches reach one byte back at most, so cutting
/// the stream costs no compression. The strips depend on the image's size only, so the same pixels always give the
/// same bytes, on any number of cores. Strips go out a wave of two per core at a time, so memory holds one wave's
/// output (pooled buffers, kept for the next image), not the whole file.
/// </remarks>
public static class PngWriter
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

    /// <summary>Writes <paramref name="image"/> as a PNG on at most <paramref name="cores"/> threads; the bytes are the same for any number.</summary>
    /// <exception cref="ArgumentException">The image is empty or not 8-bit with 1 or 3 channels.</exception>
    public static void Write(Mat image, Stream destination, int cores)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        var type = image.Type();
        if (image.Empty() || (type != MatType.CV_8UC1 && type != MatType.CV_8UC3))
            throw new ArgumentException($"Expected a non-empty 8-bit image with 1 or 3 channels, got {image.Width} x {image.Height} of type {type}.", nameof(image));

        var rowBytes = image.Width * image.Channels();
        var rowsPerStrip = Math.Max(1, StripBytes / (rowBytes + 1));
        var stripCount = (image.Height + rowsPerStrip - 1) / rowsPerStrip;

        destination.Write(Signature);
        WriteChunk(destination, "IHDR"u8, [], Header(image.Width, image.Height, image.Channels()), []);

        // Strips go out in order, a wave at a time.
        var ahead = Math.Max(2, cores * 2);
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = cores };
        var adler = Adler32.Initial;
        Span<byte> trailer = stackalloc byte[4];
        for (var first = 0; first < stripCount; first += ahead)
        {
            var count = Math.Min(ahead, stripCount - first);
            var strips = new EncodedStrip[count];
            if (count == 1)
                strips[0] = EncodeStrip(image, first * rowsPerStrip, Math.Min(rowsPerStrip, image.Height - first * rowsPerStrip), first == stripCount - 1);
            else
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
        var filteredLength = rowCount * (rowBytes + 1);
        // The strip and the row above it in PNG's order (RGB), and the strip filtered.
        var ordered = ArrayPool<byte>.Shared.Rent((rowCount + 1) * rowBytes);
        var filtered = ArrayPool<byte>.Shared.Rent(filteredLength);
        // zlib's own conservative bound on deflate's output (deflateBound for any strategy: blocks of fixed codes
        // at nine bits a byte, plus their overhead), and room for the zlib wrapper and sync flush. So this always holds
        // a strip's output, and, pooled, it is not faulted in afresh for every strip.
        var bound = filteredLength + (filteredLength >> 3) + (filteredLength >> 8) + (filteredLength >> 9) + 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(bound);
        try
        {
            // The image's first row has zeros above it.
            ordered.AsSpan(0, rowBytes).Clear();
            if (startRow > 0)
                CopyInPngOrder(image, startRow - 1, 1, ordered, 0);
            CopyInPngOrder(image, startRow, rowCount, ordered, rowBytes);
            for (var y = 0; y < rowCount; y++)
            {
                var target = filtered.AsSpan(y * (rowBytes + 1), rowBytes + 1);
                target[0] = UpFilter;
                Subtract(ordered.AsSpan((y + 1) * rowBytes, rowBytes), ordered.AsSpan(y * rowBytes, rowBytes), target[1..]);
            }

            return new EncodedStrip(buffer, Deflate(filtered.AsSpan(0, filteredLength), buffer, isLast, out var adler), adler, filteredLength);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(ordered);
            ArrayPool<byte>.Shared.Return(filtered);
        }
    }

    /// <summary>
    /// Deflates <paramref name="data"/> into <paramref name="output"/> as a zlib stream whose header is dropped: the strip's
    /// deflate blocks, ending in a sync flush unless it is the last strip. zlib-ng computes the strip's Adler-32 as it goes
    /// and appends it when the stream ends; it is read from there, and what the end added is cut off unless this strip ends
    /// the image's stream. Returns the length of the deflate data, moved to the start of <paramref name="output"/>.
    /// </summary>
    static int Deflate(ReadOnlySpan<byte> data, byte[] output, bool isLast, out uint adler)
    {
        using var stream = new MemoryStream(output, writable: true);
        long end;
        using (var zlib = new ZLibStream(stream, CompressionOptions, leaveOpen: true))
        {
            zlib.Write(data);
            zlib.Flush();
            end = stream.Position;
        }

        // Disposing added the last block and the checksum.
        var total = checked((int)stream.Position);
        adler = BinaryPrimitives.ReadUInt32BigEndian(output.AsSpan(total - 4));
        var length = checked((int)(isLast ? total - 4 : end)) - ZlibHeader.Length;
        output.AsSpan(ZlibHeader.Length, length).CopyTo(output);
        return length;
    }

    // PNG stores colour as RGB; OpenCV keeps BGR. OpenCV writes straight into the pinned array.
    static void CopyInPngOrder(Mat image, int startRow, int rowCount, byte[] destination, int offset)
    {
        var pinned = GCHandle.Alloc(destination, GCHandleType.Pinned);
        try
        {
            using var rows = image.RowRange(startRow, startRow + rowCount);
            using var ordered = Mat.FromPixelData(rowCount, image.Width, image.Type(), pinned.AddrOfPinnedObject() + offset);
            if (image.Channels() == 1)
                rows.CopyTo(ordered);
            else
                Cv2.CvtColor(rows, ordered, ColorConversionCodes.BGR2RGB);
        }
        finally
        {
            pinned.Free();
        }
    }

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
