using ImagePipeline.Protocol;
using MassTransit;

namespace ImagePipeline.Workers.Cleanup;

/// <summary>
/// Removals share the image-level queue with assembly and reduction: one message per image, handled where
/// processors run, under the retry policy the assembler's definition sets for that endpoint.
/// </summary>
public sealed class RemoveImageIntermediatesConsumerDefinition : ConsumerDefinition<RemoveImageIntermediatesConsumer>
{
    public RemoveImageIntermediatesConsumerDefinition() => EndpointName = QueueNames.AssembleImage;
}
