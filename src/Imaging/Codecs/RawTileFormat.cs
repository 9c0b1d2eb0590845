using System.Buffers.Binary;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Codecs;

/// <summary>
/// Intermediate tile data: a small header (magic, width, height, channels) and the raw 8-bit
/// pixels. No compression: tiles cross the network once and encoding costs more than it saves.
/// </summary>
/// <remarks>Layout: "IPT1", then width, height and channels as little-endian int32, then the rows, unpadded.</remarks>
public static class RawTileFormat
{
    private const int HeaderLength = 16;

    private static ReadOnlySpan<byte> Magic => "IPT1"u8;

    /// <summary>The bytes <see cref="Write"/> produces for <paramref name="image"/>: header and pixels.</summary>
    public static long LengthOf(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return LengthOf(image.Width, image.Height, image.Channels());
    }

    /// <summary>The bytes <see cref="Write"/> produces for an image of this size: header and pixels.</summary>
    public static long LengthOf(int width, int height, int channels) => HeaderLength + (long)width * height * channels;

    /// <exception cref="ArgumentException">The image is empty or not 8-bit with 1 or 3 channels.</exception>
    public static void Write(Mat image, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(destination);
        var channels = image.Channels();
        if (image.Empty() || image.Depth() != MatType.CV_8U || channels is not (1 or 3))
        {
            throw new ArgumentException($"Expected a non-empty 8-bit image with 1 or 3 channels, got {image.Width} x {image.Height} of type {image.Type()}.", nameof(image));
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], image.Width);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], image.Height);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], channels);
        destination.Write(header);

        // Row by row straight from the Mat's memory: no full copy, and views into larger images work too.
        using var bytes = image.Reshape(1);
        var rows = bytes.AsRows<byte>();
        for (var y = 0; y < rows.Count; y++)
        {
            destination.Write(rows[y]);
        }
    }

    /// <exception cref="InvalidImageException">The stream does not hold a valid raw tile, and nothing after it.</exception>
    public static Mat Read(Stream source)
    {
        var image = ReadNext(source, wholeStream: true);
        if (source.ReadByte() >= 0)
        {
            image.Dispose();
            throw Invalid("there are bytes after the last row");
        }

        return image;
    }

    /// <summary>Reads one raw tile from a stream of several written end to end, leaving the stream at the next.</summary>
    /// <exception cref="InvalidImageException">The stream does not go on with a valid raw tile.</exception>
    public static Mat ReadNext(Stream source) => ReadNext(source, wholeStream: false);

    private static Mat ReadNext(Stream source, bool wholeStream)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> header = stackalloc byte[HeaderLength];
        if (source.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength)
        {
            throw Invalid("the header is truncated");
        }

        if (!header[..4].SequenceEqual(Magic))
        {
            throw Invalid("it does not start with IPT1");
        }

        var width = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var height = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var channels = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (width <= 0 || height <= 0 || channels is not (1 or 3) || (long)width * channels > int.MaxValue)
        {
            throw Invalid($"the header gives {width} x {height} with {channels} channels");
        }

        var expected = (long)width * height * channels;
        // Checked before allocating, so a lying header cannot make us reserve gigabytes.
        if (source.CanSeek && (wholeStream ? source.Length - source.Position != expected : source.Length - source.Position < expected))
        {
            throw Invalid($"it holds {source.Length - source.Position} bytes of pixels, expected {expected}");
        }

        var image = new Mat(height, width, MatType.CV_8UC(channels));
        try
        {
            ReadPixels(source, image);
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    private static void ReadPixels(Stream source, Mat image)
    {
        using var bytes = image.Reshape(1);
        var rows = bytes.AsRows<byte>();
        for (var y = 0; y < rows.Count; y++)
        {
            var row = rows[y];
            if (source.ReadAtLeast(row, row.Length, throwOnEndOfStream: false) < row.Length)
            {
                throw Invalid($"the pixels end at row {y} of {rows.Count}");
            }
        }
    }

    private static InvalidImageException Invalid(string reason) => new($"not a valid raw tile ({reason})");
}
