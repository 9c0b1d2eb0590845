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
            // The image ends as cancelled, and nothing lands in the error queue.
            await context.FailImageAsync(command.Image, command.Recipe, exception.Message).ConfigureAwait(false);
            return;
        }
        catch (Exception exception) when (MissingInputs.AreGoneForGood(exception))
        {
            await context.FailImageAsync(command.Image, command.Recipe, MissingInputs.Reason(exception)).ConfigureAwait(false);
            return;
        }

        await context.Publish(new ImageAssembled { Image = command.Image }, context.CancellationToken).ConfigureAwait(false);
    }
}
