using System.Text.Json.Serialization;
using ImagePipeline.Protocol.Caching;
using ImagePipeline.Protocol.Submission;

namespace ImagePipeline.Client;

/// <summary>
/// What was submitted: written once by the submitter, read by status and download. Until it is written, the
/// submission's record stands in for it (<see cref="FromSubmission"/>), without the images' sizes and tile counts.
/// </summary>
public sealed record JobManifest
{
    public required Guid JobId { get; init; }
    public required string Operation { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public required int TileSize { get; init; }
    public required IReadOnlyList<ManifestImage> Images { get; init; }

    /// <summary>Set when the submission has not completed: under way, or ended by the saga host and why. Never stored.</summary>
    [JsonIgnore]
    public string? Unfinished { get; init; }

    /// <summary>The manifest a job has while its submission has not completed.</summary>
    public static JobManifest FromSubmission(SubmissionRecord record, SubmissionProgress? progress)
    {
        ArgumentNullException.ThrowIfNull(record);
        var heard = progress is null ? "" : $" (last heard from at {progress.HeartbeatAt:u})";
        return new JobManifest
        {
            JobId = record.JobId,
            Operation = record.Operation,
            SubmittedAt = record.SubmittedAt,
            TileSize = 0,
            Images = record.Images.Select(image => new ManifestImage
            {
                Index = image.Index,
                ImageId = image.ImageId,
                SourceName = image.SourceName,
                OutputName = image.OutputName,
                OutputKey = image.OutputKey,
            }).ToList(),
            Unfinished = progress?.EndedReason is { } reason
                ? $"its submission never completed{heard}; images not queued: {reason}"
                : $"still being submitted{heard}",
        };
    }
}

/// <summary>One input of a job and where its output goes.</summary>
public sealed record ManifestImage
{
    public required int Index { get; init; }
    public required Guid ImageId { get; init; }

    /// <summary>The input's path as the user gave it.</summary>
    public required string SourceName { get; init; }

    /// <summary>The output's file name, unique within the job.</summary>
    public required string OutputName { get; init; }

    public required string OutputKey { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public int TileCount { get; init; }

    /// <summary>How many times its tiles are processed: one more than the chain's global steps when tiled, else one.</summary>
    public int Passes { get; init; } = 1;

    /// <summary>True when the output was copied from an earlier run of the same input and recipe (<see cref="ResultCache"/>).</summary>
    public bool FromCache { get; init; }

    /// <summary>Set when the submitter refused the input (unreadable header, too many pixels): it was never queued.</summary>
    public string? RejectedReason { get; init; }
}
