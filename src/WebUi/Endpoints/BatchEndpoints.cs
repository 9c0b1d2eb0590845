using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.WebUi.Batches;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.WebUi.Endpoints;

/// <summary>What the page polls and lists: a batch's progress, the recent batches, and cancelling one.</summary>
internal static class BatchEndpoints
{
    const int RecentCount = 20;

    public static async Task<IResult> StatusAsync(Guid id, BatchStore batches, BatchReader reader, CancellationToken cancellationToken) =>
        batches.Find(id) is { } batch
            ? Results.Ok(await reader.ReadAsync(batch, cancellationToken).ConfigureAwait(false))
            : Results.NotFound(new { error = "This batch is not on the server: it was removed, or the server now keeps its batches elsewhere." });

    public static async Task<IResult> RecentAsync(BatchStore batches, BatchReader reader, CancellationToken cancellationToken)
    {
        var recent = batches.Recent(RecentCount);
        var summaries = new BatchSummary[recent.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, recent.Count), cancellationToken, async (index, token) =>
            summaries[index] = await reader.SummarizeAsync(recent[index], token).ConfigureAwait(false)).ConfigureAwait(false);
        return Results.Ok(summaries);
    }

    public static async Task<IResult> CancelAsync(Guid id, BatchStore batches, BatchReader reader, JobCancellation cancellation, CancellationToken cancellationToken)
    {
        if (batches.Find(id) is not { } batch)
            return Results.NotFound();
        if (batch.JobId is not { } jobId || (await reader.ReadAsync(batch, cancellationToken).ConfigureAwait(false)).Ended)
            return Results.Conflict(new { error = "The batch has already ended." });
        await cancellation.CancelAsync(jobId, cancellationToken).ConfigureAwait(false);
        return Results.Accepted();
    }
}
