using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Protocol.Status;

namespace ImagePipeline.Client.Catalog;

/// <summary>
/// Lists jobs from the status the job saga publishes (one small blob per job), so listing does not walk
/// every tile and output blob of every job.
/// </summary>
public sealed class JobCatalog(StatusDocuments statuses, JobCancellation cancellation)
{
    /// <summary>The most recently submitted jobs first.</summary>
    public async Task<IReadOnlyList<JobSummary>> ListRecentAsync(int limit, CancellationToken cancellationToken)
    {
        var ids = await statuses.ListJobsAsync(cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        var summaries = new List<JobSummary>();
        foreach (var id in ids)
            if (await TryGetAsync(id, cancellationToken).ConfigureAwait(false) is { } summary)
                summaries.Add(summary);
        return summaries.OrderByDescending(job => job.SubmittedAt ?? DateTimeOffset.MinValue).Take(limit).ToList();
    }

    public async Task<JobSummary?> TryGetAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await statuses.TryReadJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null)
            return null;
        var cancelled = await cancellation.IsCancelledAsync(jobId, cancellationToken).ConfigureAwait(false);
        return new JobSummary
        {
            JobId = jobId,
            Operation = job.Operation ?? "?",
            SubmittedAt = job.SubmittedAt,
            FinishedAt = job.FinishedAt,
            ImageCount = job.ImageCount,
            Done = job.ImagesCompleted,
            Failed = job.ImagesFailed,
            State = StateOf(job, cancelled),
        };
    }

    static string StateOf(JobStatus job, bool cancelled) => JobStateNames.Of(job.AllImagesEnded, job.ImagesFailed, cancelled);
}
