using ImagePipeline.Protocol.Layout;
using ImagePipeline.Sagas;
using ImagePipeline.Storage;
using Microsoft.Extensions.Hosting;

namespace ImagePipeline.Hosting.Health;

/// <summary>
/// While the blob store is unavailable, writes and removes a blob of its own every few seconds, so that the outage is
/// told while it lasts and its end as soon as it ends, even when all the work that met it is parked; and reports
/// outages that are due (<see cref="UnavailableDependencies.Report"/>).
/// </summary>
internal sealed class BlobStoreProbe(IBlobStore blobs, UnavailableDependencies health, TimeProvider time) : BackgroundService
{
    static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);
    readonly string _key = StoreLayout.Probe($"{Environment.MachineName}-{Environment.ProcessId}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (health.IsUnavailable(DependencyFailures.BlobStore))
                await ProbeAsync(stoppingToken).ConfigureAwait(false);
            health.Report();
        }
    }

    async Task ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Through the reporting store, which records the failure or the success.
            await blobs.UploadAsync(_key, new MemoryStream([1]), BlobWriteCondition.None, cancellationToken).ConfigureAwait(false);
            await blobs.DeleteAsync(_key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Recorded by the store; the work that met the outage has its own retries.
        }
    }
}
