using ImagePipeline.Protocol;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Sagas;

/// <summary>
/// What every saga endpoint of the pipeline shares: its queue, one consuming process at a time on
/// RabbitMQ, its messages taking turns per correlation id within that process, and <see cref="SagaEndpointPolicy"/>.
/// </summary>
public abstract class PipelineSagaDefinition<TState> : SagaDefinition<TState>
    where TState : class, ISaga
{
    readonly int[] _retryDelaysMs;

    protected PipelineSagaDefinition(string queue, IOptions<ProcessingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EndpointName = queue;
        _retryDelaysMs = options.Value.EffectiveRetryDelaysMs;
    }

    /// <summary>Puts each message type the saga consumes into <paramref name="lanes"/> by its correlation id.</summary>
    protected abstract void Partition(IReceiveEndpointConfigurator endpoint, IPartitioner lanes);

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<TState> sagaConfigurator,
        IRegistrationContext context)
    {
        // One process at a time takes a saga queue's messages; the broker hands the queue to another as
        // soon as that one's connection is gone (at once when it is killed, after the heartbeat timeout
        // when it is cut off). Saga updates are a blob write each, far cheaper than the tiles beside them,
        // so one host keeps up, and it never races another process for the same job's state: every
        // update lands first time, and the state it wrote last is the one it remembers.
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
            rabbit.SingleActiveConsumer = true;

        Partition(endpointConfigurator, endpointConfigurator.CreatePartitioner(SagaEndpointPolicy.PartitionCount));
        SagaEndpointPolicy.Apply(endpointConfigurator, context, _retryDelaysMs);
    }
}
