namespace ImagePipeline.Client.Progress;

/// <summary>Where a whole job stands, image by image.</summary>
public sealed record JobProgress
{
    public required Guid JobId { get; init; }
    public required string Operation { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public required IReadOnlyList<ImageProgress> Images { get; init; }

    /// <summary>Set while the job's submission has not completed (<see cref="JobManifest.Unfinished"/>).</summary>
    public string? Unfinished { get; init; }

    /// <summary>The unavailable dependencies that images of the job wait on, each said once.</summary>
    public IReadOnlyList<string> WaitingOn => Images.Select(image => image.WaitingOn).OfType<string>().Distinct().ToList();

    public int ImageCount => Images.Count;
    public int Done => Images.Count(image => image.Outcome == ImageOutcome.Done);
    public int Failed => Images.Count(image => image.Outcome == ImageOutcome.Failed);
    public int TilesDone => Images.Sum(image => image.TilesDone);
    public int TileCount => Images.Sum(image => image.TileCount);
    public bool HasEnded => Images.All(image => image.HasEnded);
}
