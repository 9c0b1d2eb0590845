using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Orchestration.Cancellation;
using MassTransit;

namespace ImagePipeline.Orchestration.Processing;

/// <summary>Processes one tile and reports it; input that can never be processed fails its image instead of being retried.</summary>
public sealed class ProcessTileConsumer(TileWorker worker) : IConsumer<ProcessTile>
{
    public async Task Consume(ConsumeContext<ProcessTile> context)
    {
        var command = context.Message;
        try
        {
            await worker.ProcessAsync(command, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidImageException or UnknownOperationException or JobCancelledException)
        {
            await context.Publish(new TileFailed
            {
                JobId = command.JobId,
                ImageId = command.ImageId,
                ImageIndex = command.ImageIndex,
                ImageCount = command.ImageCount,
                TileIndex = command.TileIndex,
                Reason = exception.Message,
            }, context.CancellationToken).ConfigureAwait(false);
            return;
        }

        await context.Publish(new TileProcessed
        {
            JobId = command.JobId,
            ImageId = command.ImageId,
            ImageIndex = command.ImageIndex,
            ImageCount = command.ImageCount,
            TileIndex = command.TileIndex,
            Geometry = command.Geometry,
            ResultKey = command.ResultKey,
            OutputKey = command.OutputKey,
            IsWholeImage = command.IsWholeImage,
            OutputEncoding = command.OutputEncoding,
        }, context.CancellationToken).ConfigureAwait(false);
    }
}
