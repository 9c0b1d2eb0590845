using ImagePipeline.Contracts;
using MassTransit;

namespace ImagePipeline.Client.Progress;

/// <summary>Passes every <see cref="JobCompleted"/> this process hears to the waits on that job.</summary>
internal sealed class JobEndSignalConsumer(JobEndSignals signals) : IConsumer<JobCompleted>
{
    public Task Consume(ConsumeContext<JobCompleted> context)
    {
        signals.Signal(context.Message.JobId);
        return Task.CompletedTask;
    }
}
