using ImagePipeline.Contracts;
using MassTransit;

namespace ImagePipeline.Orchestration.Assembly;

public sealed class AssembleImageConsumer(ImageAssembler assembler) : IConsumer<AssembleImage>
{
    public async Task Consume(ConsumeContext<AssembleImage> context)
    {
        var command = context.Message;
        await assembler.AssembleAsync(command, context.CancellationToken).ConfigureAwait(false);
        await context.Publish(new ImageAssembled
        {
            JobId = command.JobId,
            ImageId = command.ImageId,
            ImageIndex = command.ImageIndex,
            ImageCount = command.ImageCount,
            OutputKey = command.OutputKey,
        }, context.CancellationToken).ConfigureAwait(false);
    }
}
