namespace ImagePipeline.Client.Progress;

public enum ImageOutcome
{
    Queued,
    Processing,
    Assembling,
    Done,
    Failed,
}

/// <summary>Where one image of a job stands.</summary>
public sealed record ImageProgress
{
    public required int Index { get; init; }
    public required string SourceName { get; init; }
    public required string OutputName { get; init; }
    public required ImageOutcome Outcome { get; init; }
    /// <summary>Tile tasks done: every tile once per pass of the image's chain.</summary>
    public required int TilesDone { get; init; }

    /// <summary>Tile tasks in all: the image's tiles times its passes.</summary>
    public required int TileCount { get; init; }
    public string? FailureReason { get; init; }

    /// <summary>Set while the image's work is parked because a dependency was unavailable (<c>imagepipe retry</c> replays it).</summary>
    public string? WaitingOn { get; init; }

    public bool HasEnded => Outcome is ImageOutcome.Done or ImageOutcome.Failed;
}
