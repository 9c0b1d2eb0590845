using ImagePipeline.Contracts;
using MassTransit;

namespace ImagePipeline.Orchestration.Jobs;

/// <summary>Passes every <see cref="JobCompleted"/> this process hears to the waits on that job.</summary>
internal sealed class JobEndSignalConsumer(JobEndSignals signals) : IConsumer<JobCompleted>
{
    public Task Consume(ConsumeContext<JobCompleted> context)
    {
        signals.Signal(context.Message.JobId);
        return Task.CompletedTask;
    }
}
