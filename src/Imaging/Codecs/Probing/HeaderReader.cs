using System.Buffers.Binary;

namespace ImagePipeline.Imaging.Codecs.Probing;

/// <summary>
/// Forward-only reads of a file header from a stream, with the first bytes kept so that the format
/// can be sniffed and then parsed from offset 0. Every shortfall becomes an <see cref="InvalidImageException"/>.
/// </summary>
internal sealed class HeaderReader(Stream stream)
{
    public const int PrefixLength = 32;

    private readonly byte[] prefix = new byte[PrefixLength];
    private int prefixCount = -1;

    /// <summary>Bytes consumed so far, which is also the file offset of the next byte.</summary>
    public long Position { get; private set; }

    /// <summary>Up to <see cref="PrefixLength"/> leading bytes (fewer if the file is shorter), without consuming them.</summary>
    public ReadOnlySpan<byte> Peek()
    {
        if (prefixCount < 0)
        {
            prefixCount = stream.ReadAtLeast(prefix, PrefixLength, throwOnEndOfStream: false);
        }

        return prefix.AsSpan(0, prefixCount);
    }

    public static InvalidImageException NotSupported(string reason) => new($"not a supported image: {reason}");

    public void ReadExactly(Span<byte> buffer)
    {
        Peek();
        var fromPrefix = (int)Math.Clamp(prefixCount - Position, 0, buffer.Length);
        if (fromPrefix > 0)
        {
            prefix.AsSpan((int)Position, fromPrefix).CopyTo(buffer);
        }

        var rest = buffer[fromPrefix..];
        if (rest.Length > 0 && stream.ReadAtLeast(rest, rest.Length, throwOnEndOfStream: false) < rest.Length)
        {
            throw NotSupported("the header is truncated");
        }

        Position += buffer.Length;
    }

    public byte ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        ReadExactly(one);
        return one[0];
    }

    public ushort ReadUInt16(bool bigEndian)
    {
        Span<byte> bytes = stackalloc byte[2];
        ReadExactly(bytes);
        return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    }

    public uint ReadUInt32(bool bigEndian)
    {
        Span<byte> bytes = stackalloc byte[4];
        ReadExactly(bytes);
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>Moves forward to <paramref name="offset"/>; a header pointing backwards is refused, which also rules out loops.</summary>
    public void SkipTo(long offset)
    {
        if (offset < Position)
        {
            throw NotSupported($"the header points back to offset {offset}");
        }

        Peek();
        var inPrefix = Math.Clamp(prefixCount - Position, 0, offset - Position);
        Position += inPrefix;
        var remaining = offset - Position;
        if (remaining == 0)
        {
            return;
        }

        if (stream.CanSeek)
        {
            // Seeking past the end is allowed; the next read then reports the truncation.
            stream.Seek(remaining, SeekOrigin.Current);
        }
        else
        {
            Span<byte> discard = stackalloc byte[4096];
            for (var left = remaining; left > 0;)
            {
                var read = stream.Read(discard[..(int)Math.Min(left, discard.Length)]);
                if (read == 0)
                {
                    throw NotSupported("the header is truncated");
                }

                left -= read;
            }
        }

        Position = offset;
    }

    /// <summary>Converts a size read from a header, refusing zero and values beyond <see cref="int.MaxValue"/>.</summary>
    public static int Dimension(long value, string format, string what) =>
        value is > 0 and <= int.MaxValue ? (int)value : throw NotSupported($"the {format} header gives a {what} of {value}");
}
