using ImagePipeline.Contracts;

namespace ImagePipeline.Client.Submitting;

/// <summary>What a user asks for: these files, this operation, tiles of this size.</summary>
public sealed record JobRequest(IReadOnlyList<string> Files, string Operation, int TileSize)
{
    public const int DefaultTileSize = 2048;

    /// <summary>Set by callers that journal the id before submitting (the watched folder), so a retried submission reuses it.</summary>
    public Guid? JobId { get; init; }

    /// <summary>How outputs are encoded (format and quality); lossless PNG unless set.</summary>
    public OutputEncoding OutputEncoding { get; init; } = new();

    /// <summary>Whether kept results are served and new ones kept; served and kept unless set.</summary>
    public ResultCaching Caching { get; init; } = ResultCaching.Reuse;

    /// <summary>Whether someone waits for the job (interactive, ahead of every batch) or not; batch unless set.</summary>
    public JobPriority Priority { get; init; } = JobPriority.Batch;
}
