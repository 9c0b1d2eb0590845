namespace ImagePipeline.Protocol.Status;

/// <summary>
/// A set of small integers (tile or image indexes) stored as a bitmap: a few hundred bytes even for
/// thousands of members, so saga state stays small and recording a redelivered event twice is harmless.
/// </summary>
public static class IndexSet
{
    public static byte[] Create(int capacity) => new byte[(capacity + 7) / 8];

    /// <summary>Adds <paramref name="index"/>; returns false when it was already there.</summary>
    public static bool Add(byte[] bits, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, bits.Length * 8);
        var mask = (byte)(1 << (index % 8));
        if ((bits[index / 8] & mask) != 0)
            return false;

        bits[index / 8] |= mask;
        return true;
    }

    /// <summary>Removes <paramref name="index"/>; returns false when it was not there.</summary>
    public static bool Remove(byte[] bits, int index)
    {
        if (!Contains(bits, index))
            return false;
        bits[index / 8] &= (byte)~(1 << (index % 8));
        return true;
    }

    public static bool Contains(byte[] bits, int index) =>
        index >= 0 && index < bits.Length * 8 && (bits[index / 8] & (1 << (index % 8))) != 0;
}
