using MassTransit;

namespace ImagePipeline.Sagas;

/// <summary>The progress of one job: which of its images have ended, and how.</summary>
public sealed class JobState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public string? Operation { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int ImageCount { get; set; }
    public int ImagesCompleted { get; set; }
    public int ImagesFailed { get; set; }
    public byte[] EndedBits { get; set; } = [];

    /// <summary>Why each failed image failed, by image index.</summary>
    public Dictionary<int, string> FailureReasons { get; set; } = [];

    public bool AllImagesEnded => ImageCount > 0 && ImagesCompleted + ImagesFailed == ImageCount;
}
