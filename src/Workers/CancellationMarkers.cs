using ImagePipeline.Protocol.Cancellation;
using Microsoft.Extensions.Caching.Memory;

namespace ImagePipeline.Workers;

/// <summary>
/// The tile worker's view of <see cref="JobCancellation"/>: a job found not cancelled is not asked about
/// again for <see cref="RecheckAfter"/>, so a job's thousands of tiles cost one marker read a second
/// instead of one each. A cancellation therefore takes effect within that second; a job found cancelled
/// stays cancelled.
/// </summary>
public sealed class CancellationMarkers(JobCancellation cancellation) : IDisposable
{
    internal static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(1);
    static readonly TimeSpan RememberCancelled = TimeSpan.FromMinutes(10);

    readonly MemoryCache _jobs = new(new MemoryCacheOptions { SizeLimit = 1024 });

    /// <exception cref="JobCancelledException">The job has been cancelled.</exception>
    public async Task ThrowIfCancelledAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(jobId, out bool cancelled))
        {
            cancelled = await cancellation.IsCancelledAsync(jobId, cancellationToken).ConfigureAwait(false);
            _jobs.Set(jobId, cancelled, new MemoryCacheEntryOptions
            {
                Size = 1,
                AbsoluteExpirationRelativeToNow = cancelled ? RememberCancelled : RecheckAfter,
            });
        }

        if (cancelled)
            throw new JobCancelledException(jobId);
    }

    public void Dispose() => _jobs.Dispose();
}
