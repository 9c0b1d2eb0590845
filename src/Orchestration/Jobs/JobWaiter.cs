namespace ImagePipeline.Orchestration.Jobs;

/// <summary>Polls a job's progress until every image has ended.</summary>
public sealed class JobWaiter(JobStatusReader statusReader)
{
    public async Task<JobProgress> WaitAsync(JobManifest manifest, TimeSpan pollInterval, IProgress<JobProgress>? progress,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await statusReader.ReadAsync(manifest, cancellationToken).ConfigureAwait(false);
            progress?.Report(current);
            if (current.HasEnded)
                return current;

            await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
