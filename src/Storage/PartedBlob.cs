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

    PartedBlob(string key, int partCount, int[] writtenParts)
        : this(key, partCount) => _writtenParts = writtenParts;

    public string Key { get; }

    public int PartCount { get; }

    /// <summary>
    /// The parts that are written and read, in order: every part, unless made with <see cref="WithWrittenParts"/>
    /// (only some parts were written).
    /// </summary>
    public IReadOnlyList<int> WrittenParts => _writtenParts ?? [.. Enumerable.Range(0, PartCount)];

    readonly int[]? _writtenParts;

    /// <summary>The same blob, of which only <paramref name="parts"/> are written: reads take those, in that order.</summary>
    /// <exception cref="ArgumentException">There are no parts, or they are not in increasing order.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The blob has no such part.</exception>
    public PartedBlob WithWrittenParts(IEnumerable<int> parts)
    {
        var written = parts.ToArray();
        if (written.Length == 0)
            throw new ArgumentException("A parted blob has at least one written part.", nameof(parts));
        for (var i = 0; i < written.Length; i++)
        {
            EnsureHasPart(written[i]);
            if (i > 0 && written[i] <= written[i - 1])
                throw new ArgumentException($"Part {written[i]} comes after part {written[i - 1]}: parts are read in increasing order.", nameof(parts));
        }

        return new PartedBlob(Key, PartCount, written);
    }

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
