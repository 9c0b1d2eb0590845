using System.Text.Json.Serialization;

namespace ImagePipeline.Protocol.Status;

/// <summary>
/// What the job saga knows and publishes: which images of a job have ended, and how. Status, waits and the
/// job list read it (<see cref="StatusDocuments"/>); the job saga keeps it as its state, so it costs no write of its own.
/// </summary>
public sealed class JobStatus
{
    public string? Operation { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int ImageCount { get; set; }
    public int ImagesCompleted { get; set; }
    public int ImagesFailed { get; set; }

    /// <summary>Which images have ended, by index (<see cref="IndexSet"/>).</summary>
    public byte[] EndedBits { get; set; } = [];

    /// <summary>Why each failed image failed, by image index.</summary>
    public Dictionary<int, string> FailureReasons { get; set; } = [];

    [JsonIgnore]
    public bool AllImagesEnded => ImageCount > 0 && ImagesCompleted + ImagesFailed == ImageCount;

    public bool HasEnded(int imageIndex) => IndexSet.Contains(EndedBits, imageIndex);
}
