using ImagePipeline.Contracts;
using MassTransit;

namespace ImagePipeline.Hosting.Telemetry;

/// <summary>
/// Records job latency where the job saga announces a job's end. A job id is a NewId, which carries
/// the time it was made (at submission), so no extra state is needed to know when the job began.
/// </summary>
internal sealed class JobLatencyObserver(PipelineMetrics metrics) : IPublishObserver
{
    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        if (context.Message is JobCompleted completed)
            metrics.JobFinished(DateTime.UtcNow - completed.JobId.ToNewId().Timestamp, completed.ImagesFailed > 0);
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
