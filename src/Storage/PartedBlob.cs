namespace ImagePipeline.Storage;

/// <summary>
/// A blob written in parts by many writers, each part by whoever made it, and read once whole, in part order
/// (an image's processed tiles). Where the store has staged writes (Azure's blocks) it is one blob; elsewhere
/// each part is a blob of its own under <see cref="Key"/>.
/// </summary>
public readonly record struct PartedBlob
{
    /// <exception cref="ArgumentException">The key is not a valid blob key.</exception>
    /// <exception cref="ArgumentOutOfRangeException">There is not at least one part.</exception>
    public PartedBlob(string key, int partCount)
    {
        BlobKey.Validate(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partCount);
        Key = key;
        PartCount = partCount;
    }

    public string Key { get; }

    public int PartCount { get; }

    /// <summary>Where a store without staged writes keeps part <paramref name="part"/>: a blob of its own under the key.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The blob has no such part.</exception>
    public string PartKey(int part)
    {
        EnsureHasPart(part);
        return $"{Key}/{part}";
    }

    /// <exception cref="ArgumentOutOfRangeException">The blob has no such part.</exception>
    public void EnsureHasPart(int part)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(part, PartCount);
    }
}
