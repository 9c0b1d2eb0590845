using ImagePipeline.Orchestration.Hosting;
using ImagePipeline.Orchestration.Processing;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Orchestration.Sagas;

public sealed class JobStateDefinition : SagaDefinition<JobState>
{
    readonly int[] _retryDelaysMs;

    public JobStateDefinition(IOptions<ProcessingOptions> options)
    {
        EndpointName = QueueNames.JobState;
        _retryDelaysMs = options.Value.EffectiveRetryDelaysMs;
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<JobState> sagaConfigurator,
        IRegistrationContext context) =>
        SagaEndpointPolicy.Apply(endpointConfigurator, context, _retryDelaysMs);
}
