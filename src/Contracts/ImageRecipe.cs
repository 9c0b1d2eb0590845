namespace ImagePipeline.Contracts;

/// <summary>What an image is made into, and how: the same in every message about it, and kept by its saga.</summary>
public sealed record ImageRecipe
{
    /// <summary>The canonical operation spec, a step or a chain; each worker parses it again.</summary>
    public required string Operation { get; init; }

    /// <summary>How the image was cut into tiles; null when it travels whole, as its original file, in one command.</summary>
    public required ImageTiling? Tiling { get; init; }

    /// <summary>How many passes over the tiles the chain needs: one more than its global steps when tiled, else one.</summary>
    public required int PassCount { get; init; }

    public required string OutputKey { get; init; }

    public required OutputEncoding OutputEncoding { get; init; }

    /// <summary>Where the finished output is also kept for reuse, a key of the input's content and the recipe; null when not kept.</summary>
    public required string? ResultCacheKey { get; init; }

    /// <summary>The job's class, which picks the queue its tiles go to; batch when absent (versioning rule 2).</summary>
    public JobPriority Priority { get; init; } = JobPriority.Batch;
}
