using ImagePipeline.Protocol;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Workers.Assembly;

public sealed class AssembleImageConsumerDefinition : ConsumerDefinition<AssembleImageConsumer>
{
    readonly int[] _retryDelaysMs;

    public AssembleImageConsumerDefinition(IOptions<ProcessingOptions> options)
    {
        _retryDelaysMs = options.Value.EffectiveRetryDelaysMs;
        EndpointName = QueueNames.AssembleImage;
        // An assembly holds a whole output image in memory: one at a time per process.
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AssembleImageConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 2;
        TransientFailurePolicy.Apply(endpointConfigurator, _retryDelaysMs);
    }
}
