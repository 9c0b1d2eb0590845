using ImagePipeline.Orchestration.Cancellation;
using ImagePipeline.Orchestration.Sagas;
using ImagePipeline.Orchestration.Sagas.Persistence;
using ImagePipeline.Storage;

namespace ImagePipeline.Orchestration.Catalog;

/// <summary>
/// Lists jobs from the job saga states (one small blob per job, under <c>sagas/jobstate/</c>), so
/// listing does not walk every tile and output blob of every job.
/// </summary>
public sealed class JobCatalog(IBlobStore blobs)
{
    readonly SagaStateStore<JobState> _jobs = new(blobs);

    /// <summary>The most recently submitted jobs first.</summary>
    public async Task<IReadOnlyList<JobSummary>> ListRecentAsync(int limit, CancellationToken cancellationToken)
    {
        var prefix = SagaKeys.For<JobState>(Guid.Empty);
        prefix = prefix[..(prefix.LastIndexOf('/') + 1)];
        var ids = new List<Guid>();
        await foreach (var key in blobs.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
            if (Guid.TryParseExact(Path.GetFileNameWithoutExtension(key), "N", out var id))
                ids.Add(id);

        var summaries = new List<JobSummary>();
        foreach (var id in ids)
            if (await TryGetAsync(id, cancellationToken).ConfigureAwait(false) is { } summary)
                summaries.Add(summary);
        return summaries.OrderByDescending(job => job.SubmittedAt ?? DateTimeOffset.MinValue).Take(limit).ToList();
    }

    public async Task<JobSummary?> TryGetAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var saga = (await _jobs.TryLoadAsync(jobId, cancellationToken).ConfigureAwait(false))?.Saga;
        if (saga is null)
            return null;
        var cancelled = await JobCancellation.IsCancelledAsync(blobs, jobId, cancellationToken).ConfigureAwait(false);
        return new JobSummary
        {
            JobId = jobId,
            Operation = saga.Operation ?? "?",
            SubmittedAt = saga.SubmittedAt,
            FinishedAt = saga.FinishedAt,
            ImageCount = saga.ImageCount,
            Done = saga.ImagesCompleted,
            Failed = saga.ImagesFailed,
            State = StateOf(saga, cancelled),
        };
    }

    public static string StateOf(JobState saga, bool cancelled) => JobStateNames.Of(saga.AllImagesEnded, saga.ImagesFailed, cancelled);
}
