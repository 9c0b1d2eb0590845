using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Sagas;

public sealed class JobStateDefinition(IOptions<ProcessingOptions> options)
    : PipelineSagaDefinition<JobState>(QueueNames.JobState, options)
{
    // Every image of a job ends up here: taking turns per job within a process keeps a large
    // batch from retrying endlessly on its own optimistic-concurrency conflicts.
    protected override void Partition(IReceiveEndpointConfigurator endpoint, IPartitioner lanes)
    {
        endpoint.UsePartitioner<JobSubmitted>(lanes, c => c.Message.JobId);
        endpoint.UsePartitioner<ImageCompleted>(lanes, c => c.Message.Image.JobId);
        endpoint.UsePartitioner<ImageFailed>(lanes, c => c.Message.Image.JobId);
    }
}
