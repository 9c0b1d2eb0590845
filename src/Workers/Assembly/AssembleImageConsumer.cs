using ImagePipeline.Contracts;
using ImagePipeline.Protocol.Cancellation;
using MassTransit;

namespace ImagePipeline.Workers.Assembly;

public sealed class AssembleImageConsumer(ImageAssembler assembler) : IConsumer<AssembleImage>
{
    public async Task Consume(ConsumeContext<AssembleImage> context)
    {
        var command = context.Message;
        try
        {
            await assembler.AssembleAsync(command, context.CancellationToken).ConfigureAwait(false);
        }
        catch (JobCancelledException exception)
        {
            // Straight to the job saga: the image ends as cancelled, and nothing lands in the error queue.
            // Its tiles are all in, so their leftovers can go at once.
            await context.Publish(command.Failed(exception.Message), context.CancellationToken).ConfigureAwait(false);
            await context.SendAsync(command.Leftovers()).ConfigureAwait(false);
            return;
        }

        await context.Publish(command.Assembled(), context.CancellationToken).ConfigureAwait(false);
    }
}
