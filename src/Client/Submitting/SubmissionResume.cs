using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Storage;

namespace ImagePipeline.Client.Submitting;

/// <summary>
/// What <c>submit --resume</c> checks before it takes a submission over: that the submission exists, has not completed
/// or ended, that its submitter has really stopped, and that the inputs given are the ones it recorded.
/// </summary>
internal static class SubmissionResume
{
    /// <summary>How long the progress is watched for a live submitter's rewrite: two heartbeats and a margin.</summary>
    static readonly TimeSpan Watch = SubmissionProgress.HeartbeatInterval * 2 + TimeSpan.FromSeconds(1);

    /// <exception cref="SubmissionNotResumableException">The job is unknown, or its submission completed.</exception>
    public static async Task<SubmissionRecord> ReadRecordAsync(Guid jobId, IBlobStore blobs, SubmissionRecords records, CancellationToken cancellationToken)
    {
        if (await blobs.ExistsAsync(StoreLayout.Manifest(jobId), cancellationToken).ConfigureAwait(false))
            throw new SubmissionNotResumableException(ResumeRefusal.Ended, $"Job {jobId} was submitted completely; there is nothing to resume.");
        return await records.TryReadAsync(jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new SubmissionNotResumableException(ResumeRefusal.UnknownJob, $"No job {jobId} with a submission to resume.");
    }

    /// <summary>Watches the submission's progress for a live submitter's rewrite.</summary>
    /// <returns>The progress its stopped submitter left, with its ETag (null: it wrote none).</returns>
    /// <exception cref="SubmissionNotResumableException">The submission has ended, or is still submitted.</exception>
    public static async Task<(SubmissionProgress Stopped, string? ETag)> WaitForStoppedAsync(Guid jobId, IBlobStore blobs, SubmissionRecords records,
        CancellationToken cancellationToken)
    {
        var first = await ReadUnendedAsync(jobId, blobs, records, cancellationToken).ConfigureAwait(false);
        await Task.Delay(Watch, cancellationToken).ConfigureAwait(false);
        var second = await ReadUnendedAsync(jobId, blobs, records, cancellationToken).ConfigureAwait(false);
        if (second?.ETag != first?.ETag)
            throw StillSubmitted(jobId, second?.Value);
        return (second?.Value ?? new SubmissionProgress { JobId = jobId }, second?.ETag);
    }

    /// <summary>Why the progress could not be taken over: it changed after it was read.</summary>
    public static async Task<SubmissionNotResumableException> RefusalAfterConflictAsync(Guid jobId, SubmissionRecords records,
        CancellationToken cancellationToken)
    {
        var now = await records.TryReadProgressAsync(jobId, cancellationToken).ConfigureAwait(false);
        return now?.Value.EndedReason is { } reason ? Ended(jobId, reason) : StillSubmitted(jobId, now?.Value);
    }

    /// <summary>How the inputs given differ from those the submission recorded, in words; null when they are the same.</summary>
    public static string? Differences(SubmissionRecord record, IReadOnlyList<ImageSlot> slots, string operation, int tileSize)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(slots);
        if (operation != record.Operation)
            return $"the operation is '{operation}', the job's is '{record.Operation}'";
        if (record.TileSize != 0 && tileSize != record.TileSize)
            return $"--tile-size is {tileSize}, the job's is {record.TileSize}";
        if (slots.Count != record.Images.Count)
            return $"{slots.Count} inputs given, the job has {record.Images.Count}";
        var differences = record.Images
            .Select(image => (Recorded: image, Given: slots[image.Index]))
            .Select(pair => Path.GetFileName(pair.Given.SourcePath) != Path.GetFileName(pair.Recorded.SourceName)
                ? $"input {pair.Recorded.Index + 1} is {Path.GetFileName(pair.Given.SourcePath)}, the job's is {Path.GetFileName(pair.Recorded.SourceName)}"
                : pair.Given.OutputName != pair.Recorded.OutputName
                    ? $"input {pair.Recorded.Index + 1}'s output would be {pair.Given.OutputName}, the job's is {pair.Recorded.OutputName} (another --format?)"
                    : null)
            .OfType<string>()
            .ToList();
        return differences.Count switch
        {
            0 => null,
            <= 3 => string.Join("; ", differences),
            _ => $"{string.Join("; ", differences.Take(3))}; and {differences.Count - 3} more",
        };
    }

    static async Task<(SubmissionProgress Value, string ETag)?> ReadUnendedAsync(Guid jobId, IBlobStore blobs, SubmissionRecords records,
        CancellationToken cancellationToken)
    {
        var progress = await records.TryReadProgressAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (progress?.Value.EndedReason is { } reason)
            throw Ended(jobId, reason);
        // A cancel marker ends the submission at the saga host's next look: resuming now would only race it.
        if (await blobs.ExistsAsync(StoreLayout.CancelMarker(jobId), cancellationToken).ConfigureAwait(false))
            throw Ended(jobId, "cancelled");
        return progress;
    }

    static SubmissionNotResumableException Ended(Guid jobId, string reason) =>
        new(ResumeRefusal.Ended, $"Job {jobId} has already ended ({reason}); there is nothing to resume.");

    static SubmissionNotResumableException StillSubmitted(Guid jobId, SubmissionProgress? progress) =>
        new(ResumeRefusal.StillSubmitted,
            $"Job {jobId} is still being submitted (its submitter was last heard from at {progress?.HeartbeatAt:u}); resume it only once that has stopped.");
}
