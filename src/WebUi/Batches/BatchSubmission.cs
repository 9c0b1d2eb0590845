using ImagePipeline.Client.Submitting;
using ImagePipeline.Contracts;
using ImagePipeline.Storage;
using ImagePipeline.WebUi.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImagePipeline.WebUi.Batches;

/// <summary>
/// Submits a batch's accepted files as its job, under the job id its record already holds, so submitting
/// again is harmless. The page's upload is answered first: the batch is followed while its images are
/// stored and queued.
/// </summary>
internal sealed class BatchSubmission(JobSubmitter submitter, BatchStore batches, IOptions<WebOptions> options, IHostApplicationLifetime lifetime)
{
    /// <summary>Submits in the background; a failure is kept in the batch's record for the page to show.</summary>
    public void Start(BatchRecord batch) => _ = Task.Run(async () =>
    {
        try
        {
            await SubmitAsync(batch, lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Stopping the server leaves the batch to BatchRecovery; anything else is this batch's end.
            await batches.SaveAsync(batch with { SubmitError = exception.Message }, CancellationToken.None).ConfigureAwait(false);
        }
    });

    public async Task SubmitAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        if (batch.JobId is not { } jobId)
            return;
        var request = new JobRequest(batch.AcceptedPaths(), batch.Operation, options.Value.TileSize)
        {
            JobId = jobId,
            OutputEncoding = new OutputEncoding { Format = batch.Format, Quality = batch.Quality },
            // Someone is looking at the page: its jobs go ahead of the batches of folders and scripts.
            Priority = JobPriority.Interactive,
        };
        try
        {
            await submitter.SubmitAsync(request, null, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException)
        {
            // Submitted again after a restart: the tiles are queued again, and the manifest already describes them.
        }
    }
}
