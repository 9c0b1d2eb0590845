namespace ImagePipeline.Storage;

/// <summary>When a write may happen: always, only if nothing is there yet, or only over a known version.</summary>
public readonly record struct BlobWriteCondition
{
    public static BlobWriteCondition None { get; } = new();

    /// <summary>Create only: fails when the blob already exists. Makes "written once" provable.</summary>
    public static BlobWriteCondition IfNotExists { get; } = new() { RequireAbsent = true };

    /// <summary>Replace only the version read earlier: fails when someone else wrote in between.</summary>
    public static BlobWriteCondition IfMatch(string etag) => new() { ExpectedETag = etag };

    public bool RequireAbsent { get; private init; }

    public string? ExpectedETag { get; private init; }

    /// <summary>A copy may replace its target or create it only; it cannot ask for a version of it.</summary>
    internal static void EnsureCopyCondition(BlobWriteCondition condition)
    {
        if (condition.ExpectedETag is not null)
            throw new ArgumentException("A copy takes BlobWriteCondition.None or IfNotExists, not IfMatch.", nameof(condition));
    }
}
