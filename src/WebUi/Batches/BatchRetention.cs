using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.WebUi.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImagePipeline.WebUi.Batches;

/// <summary>
/// Removes batches older than <see cref="WebOptions.KeepDays"/>, at start and every hour: their records,
/// uploads and previews, and with the embedded pipeline (whose store is this server's own) their job's blobs.
/// </summary>
internal sealed class BatchRetention(BatchStore batches, BatchReader reader, IBlobStore blobs, IOptions<WebOptions> options, bool ownsStore)
    : BackgroundService
{
    static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        do
        {
            foreach (var batch in batches.CreatedBefore(DateTimeOffset.UtcNow - TimeSpan.FromDays(options.Value.KeepDays)))
            {
                batches.Remove(batch.Id);
                reader.Forget(batch);
                if (ownsStore && batch.JobId is { } jobId)
                    await blobs.DeleteAllUnderAsync(StoreLayout.Job(jobId), stoppingToken).ConfigureAwait(false);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
