namespace ImagePipeline.WebUi.Batches;

/// <summary>What the page shows of a batch: its state, progress from 0 to 1, and every file in upload order.</summary>
internal sealed record BatchView
{
    public required Guid Id { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Operation { get; init; }
    public required string Format { get; init; }
    public int Quality { get; init; }

    /// <summary><c>submitting</c>, <c>running</c>, <c>cancelling</c>, <c>cancelled</c>, <c>done</c>, <c>partial</c> (some files not processed) or <c>failed</c> (none processed).</summary>
    public required string State { get; init; }

    public required bool Ended { get; init; }
    public required double Progress { get; init; }
    public required int Done { get; init; }
    public required int Failed { get; init; }
    public required IReadOnlyList<FileView> Files { get; init; }

    /// <summary>The zip of every finished output; null until one is finished.</summary>
    public string? Zip { get; init; }
}

/// <summary>One file of a batch on the page.</summary>
internal sealed record FileView
{
    public required int Position { get; init; }
    public required string Name { get; init; }

    /// <summary><c>waiting</c>, <c>processing</c>, <c>assembling</c>, <c>done</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public required string State { get; init; }

    /// <summary>Why it was not processed, as a sentence.</summary>
    public string? Message { get; init; }

    public int TilesDone { get; init; }
    public int TileCount { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }

    /// <summary>The input's URL (add <c>/thumb</c>, <c>/view</c> or <c>/full</c> for a picture to show); null when refused.</summary>
    public string? Input { get; init; }

    /// <summary>The output's URL, as for <see cref="Input"/>; null until it is done.</summary>
    public string? Output { get; init; }

    public string? OutputName { get; init; }
}

/// <summary>A line of the page's recent batches.</summary>
internal sealed record BatchSummary(Guid Id, DateTimeOffset CreatedAt, string Operation, int Files, int Done, int Failed, string State, bool Ended);
