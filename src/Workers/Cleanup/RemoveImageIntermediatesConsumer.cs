using ImagePipeline.Contracts;
using ImagePipeline.Storage;
using MassTransit;

namespace ImagePipeline.Workers.Cleanup;

/// <summary>Removes what a failed tiled image left in the store; repeating it is harmless.</summary>
public sealed class RemoveImageIntermediatesConsumer(IBlobStore blobs) : IConsumer<RemoveImageIntermediates>
{
    public Task Consume(ConsumeContext<RemoveImageIntermediates> context) =>
        ImageIntermediates.RemoveAfterFailureAsync(blobs, context.Message, context.CancellationToken);
}
