using ImagePipeline.Protocol.Layout;
using ImagePipeline.Sagas;
using ImagePipeline.Storage;
using Microsoft.Extensions.Hosting;

namespace ImagePipeline.Hosting.Health;

/// <summary>
/// Reports the outages that are due (<see cref="UnavailableDependencies.Report"/>) every few seconds; and while the
/// blob store is unavailable, writes and removes a blob of its own, so that the outage is told while it lasts and its
/// end as soon as it ends, even when all the work that met it is parked.
/// </summary>
internal sealed class BlobStoreProbe(IBlobStore blobs, UnavailableDependencies health, TimeProvider time) : BackgroundService
{
    static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);
    readonly string _key = StoreLayout.Probe($"{Environment.MachineName}-{Environment.ProcessId}");

    // Apart, so that a probe held up by the store's own retries does not hold up the report.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ReportAsync(stoppingToken), ProbeAsync(stoppingToken));

    async Task ReportAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            health.Report();
    }

    async Task ProbeAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!health.IsUnavailable(DependencyFailures.BlobStore))
                continue;
            try
            {
                // Through the reporting store, which records the failure or the success.
                await blobs.UploadAsync(_key, new MemoryStream([1]), BlobWriteCondition.None, stoppingToken).ConfigureAwait(false);
                await blobs.DeleteAsync(_key, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Recorded by the store; the work that met the outage has its own retries.
            }
        }
    }
}
