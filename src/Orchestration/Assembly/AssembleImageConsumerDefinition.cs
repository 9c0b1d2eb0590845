using ImagePipeline.Orchestration.Hosting;
using MassTransit;

namespace ImagePipeline.Orchestration.Assembly;

public sealed class AssembleImageConsumerDefinition : ConsumerDefinition<AssembleImageConsumer>
{
    public AssembleImageConsumerDefinition()
    {
        EndpointName = QueueNames.AssembleImage;
        // An assembly holds a whole output image in memory: one at a time per process.
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AssembleImageConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 2;
        TransientFailurePolicy.Apply(endpointConfigurator);
    }
}
