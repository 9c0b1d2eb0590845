namespace ImagePipeline.Imaging.Codecs.Png;

/// <summary>
/// The Adler-32 checksum that ends a zlib stream (RFC 1950), computed in pieces and combined, so that strips
/// compressed on different cores still end in the checksum of all their bytes. System.IO.Hashing has CRC-32,
/// not Adler-32.
/// </summary>
internal static class Adler32
{
    const uint Modulus = 65521;
    // The most bytes summed before the sums must be reduced, or the second one could overflow 32 bits.
    const int MaxBytesBeforeReducing = 5552;

    public const uint Initial = 1;

    public static uint Update(uint adler, ReadOnlySpan<byte> data)
    {
        uint a = adler & 0xFFFF, b = adler >> 16;
        while (!data.IsEmpty)
        {
            var block = data[..Math.Min(data.Length, MaxBytesBeforeReducing)];
            foreach (var value in block)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[block.Length..];
        }

        return (b << 16) | a;
    }

    /// <summary>The checksum of two pieces end to end, from each piece's own and the second one's length.</summary>
    public static uint Combine(uint first, uint second, long secondLength)
    {
        var remainder = (uint)(secondLength % Modulus);
        var sum1 = first & 0xFFFF;
        var sum2 = (uint)((ulong)remainder * sum1 % Modulus);
        sum1 += (second & 0xFFFF) + Modulus - 1;
        sum2 += (first >> 16) + (second >> 16) + Modulus - remainder;
        if (sum1 >= Modulus)
            sum1 -= Modulus;
        if (sum1 >= Modulus)
            sum1 -= Modulus;
        if (sum2 >= Modulus << 1)
            sum2 -= Modulus << 1;
        if (sum2 >= Modulus)
            sum2 -= Modulus;
        return sum1 | (sum2 << 16);
    }
}
