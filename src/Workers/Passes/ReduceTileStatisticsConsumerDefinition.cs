using ImagePipeline.Protocol;
using MassTransit;

namespace ImagePipeline.Workers.Passes;

/// <summary>
/// Reductions share the image-level queue with assembly: both are one message per image, and both run
/// where processors run. That endpoint's retry policy, set by the assembler's definition, covers them.
/// </summary>
public sealed class ReduceTileStatisticsConsumerDefinition : ConsumerDefinition<ReduceTileStatisticsConsumer>
{
    public ReduceTileStatisticsConsumerDefinition() => EndpointName = QueueNames.AssembleImage;
}
