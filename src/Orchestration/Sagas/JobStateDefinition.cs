using ImagePipeline.Orchestration.Hosting;
using MassTransit;

namespace ImagePipeline.Orchestration.Sagas;

public sealed class JobStateDefinition : SagaDefinition<JobState>
{
    public JobStateDefinition() => EndpointName = QueueNames.JobState;

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<JobState> sagaConfigurator,
        IRegistrationContext context) =>
        SagaEndpointPolicy.Apply(endpointConfigurator, context);
}
