namespace ImagePipeline.WebUi.Batches;

/// <summary>
/// One batch uploaded through the page, as kept on disk: what was asked for, and every file in the order it
/// was chosen, with its image in the job or the reason it was refused. Written before the job is submitted,
/// so a restarted server can submit it again.
/// </summary>
internal sealed record BatchRecord
{
    public required Guid Id { get; init; }

    /// <summary>The pipeline job; null when every file was refused.</summary>
    public required Guid? JobId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The canonical operation spec.</summary>
    public required string Operation { get; init; }

    public required string Format { get; init; }

    /// <summary>1-100 for jpg and webp; 0 for the format's default.</summary>
    public int Quality { get; init; }

    public required IReadOnlyList<BatchFile> Files { get; init; }

    /// <summary>Why the job could not be submitted (the broker or the store failed); null while it can be.</summary>
    public string? SubmitError { get; init; }

    /// <summary>The saved uploads of the accepted files, in job order.</summary>
    public IReadOnlyList<string> AcceptedPaths() => [.. Files.Where(file => file.SavedPath is not null).Select(file => file.SavedPath!)];
}

/// <summary>A file of a batch: accepted (<see cref="Image"/> is its index in the job) or refused before submission.</summary>
internal sealed record BatchFile
{
    public required string Name { get; init; }

    public required long Bytes { get; init; }

    public int? Image { get; init; }

    public string? SavedPath { get; init; }

    /// <summary>Why the file was refused, as a sentence for people.</summary>
    public string? Refusal { get; init; }
}
