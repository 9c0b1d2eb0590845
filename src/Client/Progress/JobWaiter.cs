namespace ImagePipeline.Client.Progress;

/// <summary>Polls a job's progress until every image has ended; a poll comes sooner when the job's end is heard (<see cref="JobEndSignals"/>).</summary>
public sealed class JobWaiter(JobStatusReader statusReader, JobEndSignals endSignals, JobEndListener endListener)
{
    public async Task<JobProgress> WaitAsync(JobManifest manifest, TimeSpan pollInterval, IProgress<JobProgress>? progress,
        CancellationToken cancellationToken)
    {
        using var end = endSignals.WatchFor(manifest.JobId);
        _ = endListener.EnsureListeningAsync();
        while (true)
        {
            var current = await statusReader.ReadAsync(manifest, cancellationToken).ConfigureAwait(false);
            progress?.Report(current);
            if (current.HasEnded)
                return current;

            await end.WaitAsync(pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
