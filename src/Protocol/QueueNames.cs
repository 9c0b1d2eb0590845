namespace ImagePipeline.Protocol;

/// <summary>
/// The pipeline's queues, each named for what it carries. Commands are sent to a queue, not published, so that
/// they wait in a durable queue even when no processor has ever started.
/// </summary>
public static class QueueNames
{
    public const string ProcessTile = "process-tile";
    public const string ReduceTileStatistics = "reduce-tile-statistics";
    public const string AssembleImage = "assemble-image";
    public const string RemoveImageIntermediates = "remove-image-intermediates";

    /// <summary>The image saga's events.</summary>
    public const string ImageState = "image-state";

    /// <summary>The job saga's events.</summary>
    public const string JobState = "job-state";

    /// <summary>
    /// What the temporary queue of a process waiting for jobs to end is called, before a unique suffix: named by
    /// the pipeline, so that a least-privilege broker user may be allowed to declare these queues and no others.
    /// </summary>
    public const string JobEndsPrefix = "imagepipe-job-ends-";

    /// <summary>Every durable queue of the pipeline.</summary>
    public static IReadOnlyList<string> All { get; } = [ProcessTile, ReduceTileStatistics, AssembleImage, RemoveImageIntermediates, ImageState, JobState];

    public static Uri ProcessTileAddress { get; } = Address(ProcessTile);

    public static Uri ReduceTileStatisticsAddress { get; } = Address(ReduceTileStatistics);

    public static Uri AssembleImageAddress { get; } = Address(AssembleImage);

    public static Uri RemoveImageIntermediatesAddress { get; } = Address(RemoveImageIntermediates);

    /// <summary>
    /// The job saga's queue, for senders: declared as the saga's own endpoint declares it on RabbitMQ, with a
    /// single active consumer (see <c>PipelineSagaDefinition</c>), since the broker refuses to declare an
    /// existing queue with other arguments.
    /// </summary>
    public static Uri JobStateAddress { get; } = new($"queue:{JobState}?singleactiveconsumer=true");

    static Uri Address(string queue) => new($"queue:{queue}");
}
