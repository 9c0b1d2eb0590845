using ImagePipeline.Orchestration.Processing;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Orchestration.Sagas;

/// <summary>
/// What every saga endpoint of the pipeline shares: its queue, its messages taking turns per
/// correlation id within a process, and <see cref="SagaEndpointPolicy"/>.
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
        Partition(endpointConfigurator, endpointConfigurator.CreatePartitioner(SagaEndpointPolicy.PartitionCount));
        SagaEndpointPolicy.Apply(endpointConfigurator, context, _retryDelaysMs);
    }
}
