using ImagePipeline.Contracts;
using MassTransit;

namespace ImagePipeline.Workers.Cleanup;

/// <summary>Removes what a failed tiled image left in the store; repeating it is harmless.</summary>
public sealed class RemoveImageIntermediatesConsumer(ImageCleanup cleanup) : IConsumer<RemoveImageIntermediates>
{
    public Task Consume(ConsumeContext<RemoveImageIntermediates> context) =>
        cleanup.RemoveAfterFailureAsync(context.Message, context.CancellationToken);
}
