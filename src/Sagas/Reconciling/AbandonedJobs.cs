using ImagePipeline.Protocol.Status;
using ImagePipeline.Protocol.Submission;

namespace ImagePipeline.Sagas.Reconciling;

/// <summary>When a job whose submission never completed may be removed (<see cref="AbandonedJobCollection"/>).</summary>
internal static class AbandonedJobs
{
    /// <summary>
    /// The time from which the job may be removed: <paramref name="retention"/> after its last image ended and its last
    /// image saga moved, once the saga host has ended its submission. Null while that cannot be said: a submission under
    /// way or completed (a manifest is the user's to download), an image not yet ended, an end not recorded.
    /// </summary>
    /// <param name="lastImageActivity">
    /// The latest update of the job's image sagas, if known: an image queued just before its submitter died is counted
    /// failed by the job, yet its tiles may still run, and the job is not removed under them.
    /// </param>
    /// <remarks>
    /// These times are saga hosts' clocks, compared with the collecting saga host's: a skew of seconds between them
    /// matters little against a retention of hours, and unlike a time kept in memory they survive the hosts' restarts.
    /// </remarks>
    public static DateTimeOffset? RemovableFrom(SubmissionProgress progress, bool completed, JobStatus? job, DateTimeOffset? lastImageActivity,
        TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.EndedReason is null || completed || job is not { AllImagesEnded: true, FinishedAt: { } finishedAt })
            return null;
        return (lastImageActivity > finishedAt ? lastImageActivity.Value : finishedAt) + retention;
    }
}
