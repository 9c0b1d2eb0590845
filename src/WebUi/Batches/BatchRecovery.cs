using ImagePipeline.Client.Progress;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.WebUi.Batches;

/// <summary>
/// On start, takes up the batches a stopped server left: one whose job was never submitted is submitted, and
/// with the embedded pipeline, whose queue died with the old process, an unfinished one is submitted again
/// under the same job id (outputs are written once, images counted once).
/// </summary>
internal sealed partial class BatchRecovery(BatchStore batches, BatchSubmission submission, JobStatusReader status, bool resubmitUnfinished,
    ILogger<BatchRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var batch in batches.All.OrderBy(batch => batch.CreatedAt))
        {
            if (batch.JobId is not { } jobId || batch.SubmitError is not null)
                continue;
            try
            {
                var manifest = await status.TryReadManifestAsync(jobId, stoppingToken).ConfigureAwait(false);
                if (manifest is not null
                    && (!resubmitUnfinished || (await status.ReadAsync(manifest, stoppingToken).ConfigureAwait(false)).HasEnded))
                    continue;
                Resuming(logger, batch.Id, jobId);
                await submission.SubmitAsync(batch, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                ResumeFailed(logger, batch.Id, exception.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "batch {BatchId}: job {JobId} left unfinished by a stopped server; submitting it again")]
    static partial void Resuming(ILogger logger, Guid batchId, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "batch {BatchId} could not be resumed: {Reason}")]
    static partial void ResumeFailed(ILogger logger, Guid batchId, string reason);
}
