using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Storage;
using MassTransit;

namespace ImagePipeline.Workers.Passes;

/// <summary>Reduces one pass's statistics and queues the image's next pass; what can never be reduced fails the image.</summary>
public sealed class ReduceTileStatisticsConsumer(StatisticsReducer reducer) : IConsumer<ReduceTileStatistics>
{
    public async Task Consume(ConsumeContext<ReduceTileStatistics> context)
    {
        var command = context.Message;
        IReadOnlyList<ProcessTile> nextPass;
        try
        {
            nextPass = await reducer.ReduceAsync(command, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidImageException or JobCancelledException || MissingInputs.AreGoneForGood(exception))
        {
            // Every tile of the pass is in and the next pass is not queued: the leftovers can go at once.
            var reason = exception is BlobNotFoundException ? MissingInputs.Reason(exception) : exception.Message;
            await context.FailImageAsync(command.Image, command.Recipe, reason).ConfigureAwait(false);
            return;
        }

        var tiles = await context.GetSendEndpoint(QueueNames.ProcessTileAddress(command.Image.JobId, command.Recipe.Priority)).ConfigureAwait(false);
        await tiles.SendBatch(nextPass, context.CancellationToken).ConfigureAwait(false);
    }
}
