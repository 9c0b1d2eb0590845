using ImagePipeline.Contracts;
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
        IRegistrationContext context)
    {
        // Every image of a job ends up here: taking turns per job within a process keeps a large
        // batch from retrying endlessly on its own optimistic-concurrency conflicts.
        var byJob = endpointConfigurator.CreatePartitioner(SagaEndpointPolicy.PartitionCount);
        endpointConfigurator.UsePartitioner<JobSubmitted>(byJob, c => c.Message.JobId);
        endpointConfigurator.UsePartitioner<ImageCompleted>(byJob, c => c.Message.JobId);
        endpointConfigurator.UsePartitioner<ImageFailed>(byJob, c => c.Message.JobId);
        SagaEndpointPolicy.Apply(endpointConfigurator, context, _retryDelaysMs);
    }
}
