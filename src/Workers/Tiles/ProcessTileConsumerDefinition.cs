using ImagePipeline.Protocol;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Workers.Tiles;

public sealed class ProcessTileConsumerDefinition : ConsumerDefinition<ProcessTileConsumer>
{
    readonly ProcessingOptions _options;

    public ProcessTileConsumerDefinition(IOptions<ProcessingOptions> options)
    {
        _options = options.Value;
        EndpointName = QueueNames.ProcessTile;
        ConcurrentMessageLimit = _options.ConcurrentTiles;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ProcessTileConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _options.PrefetchCount;
        TransientFailurePolicy.Apply(endpointConfigurator, _options.EffectiveRetryDelaysMs);
    }
}
