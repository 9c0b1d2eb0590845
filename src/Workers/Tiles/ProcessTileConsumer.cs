using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Storage;
using MassTransit;

namespace ImagePipeline.Workers.Tiles;

/// <summary>Processes one tile command and reports it; input that can never be processed fails its image instead of being retried.</summary>
public sealed class ProcessTileConsumer(TileWorker worker, TileTurns turns) : IConsumer<ProcessTile>
{
    public async Task Consume(ConsumeContext<ProcessTile> context)
    {
        // Off the transport's delivery loop before the pixel work: reading a tile from a local store can
        // complete without yielding, and the in-memory transport delivers nothing else until its consumer
        // first yields, so the tiles of an image went through its filter one at a time.
        await Task.Yield();
        var command = context.Message;
        try
        {
            // A tile dropped because its image had already ended has nothing to report: its image saga
            // counted it before (assembled), or has no use for it (failed).
            using (await turns.TakeAsync(command.Image.JobId, command.Recipe.Priority, context.CancellationToken).ConfigureAwait(false))
            {
                if (!await worker.ProcessAsync(command, context.CancellationToken).ConfigureAwait(false))
                    return;
            }
        }
        catch (Exception exception) when (exception is InvalidImageException or JobCancelledException || MissingInputs.AreGoneForGood(exception))
        {
            var reason = exception is BlobNotFoundException ? MissingInputs.Reason(exception) : exception.Message;
            await context.Publish(new TileFailed { Image = command.Image, Recipe = command.Recipe, Reason = reason }, context.CancellationToken)
                .ConfigureAwait(false);
            return;
        }

        // An image processed whole has no tiles to collect: it goes straight to its job, which saves the
        // image saga a message and a state blob for every small image of a batch.
        if (command.Recipe.Tiling is null)
            await context.Publish(new ImageCompleted { Image = command.Image }, context.CancellationToken).ConfigureAwait(false);
        else
            await context.Publish(new TileProcessed { Image = command.Image, Recipe = command.Recipe, Pass = command.Pass, Tiles = command.Tiles },
                context.CancellationToken).ConfigureAwait(false);
    }
}
