namespace ImagePipeline.Protocol;

/// <summary>
/// The pipeline's queues. Commands are sent to a queue, not published, so that they wait in a
/// durable queue even when no processor has ever started.
/// </summary>
public static class QueueNames
{
    public const string ProcessTile = "process-tile";
    public const string AssembleImage = "assemble-image";
    public const string ImageState = "image-state";
    public const string JobState = "job-state";

    public static Uri Address(string queue) => new($"queue:{queue}");

    /// <summary>
    /// A saga's queue, for senders: declared as the saga's own endpoint declares it on RabbitMQ, with a
    /// single active consumer (see <c>PipelineSagaDefinition</c>), since the broker
    /// refuses to declare an existing queue with other arguments.
    /// </summary>
    public static Uri SagaAddress(string queue) => new($"queue:{queue}?singleactiveconsumer=true");
}
