using ImagePipeline.Contracts;

namespace ImagePipeline.Protocol;

/// <summary>
/// The pipeline's queues, each named for what it carries. Commands are sent to a queue, not published, so that
/// they wait in a durable queue even when no processor has ever started.
/// </summary>
public static class QueueNames
{
    /// <summary>The first batch lane of tile commands; it keeps the name of the single tile queue it once was.</summary>
    public const string ProcessTile = "process-tile";

    /// <summary>Tile commands of interactive jobs: a lane of their own, so no batch backlog stands before them.</summary>
    public const string ProcessTileInteractive = "process-tile-interactive";

    /// <summary>
    /// How many lanes batch tile commands are spread over, by a hash of the job id: jobs on different lanes are
    /// served in turns by every processor, so a new batch starts while an older one runs (two jobs that hash to
    /// the same lane are served in order, as one queue would).
    /// </summary>
    public const int BatchTileLanes = 4;
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
    public static IReadOnlyList<string> All { get; } =
        [.. ProcessTileLanes(), ReduceTileStatistics, AssembleImage, RemoveImageIntermediates, ImageState, JobState];

    /// <summary>Every queue of tile commands: the interactive lane, then the batch lanes; each processor consumes them all.</summary>
    public static IReadOnlyList<string> ProcessTileLanes() =>
        [ProcessTileInteractive, .. Enumerable.Range(0, BatchTileLanes).Select(BatchTileLane)];

    /// <summary>The queue the tile commands of <paramref name="jobId"/> go to: every pass of every image of a job takes one lane.</summary>
    public static string ProcessTileLane(Guid jobId, JobPriority priority) =>
        priority == JobPriority.Interactive ? ProcessTileInteractive : BatchTileLane(BatchLaneOf(jobId));

    public static Uri ProcessTileAddress(Guid jobId, JobPriority priority) => Address(ProcessTileLane(jobId, priority));

    /// <summary>The batch lane of a job: FNV-1a over the id's bytes, since job ids are sequential and their low bits alike.</summary>
    public static int BatchLaneOf(Guid jobId)
    {
        var hash = 2166136261u;
        foreach (var b in jobId.ToByteArray())
            hash = (hash ^ b) * 16777619u;
        return (int)(hash % BatchTileLanes);
    }

    static string BatchTileLane(int lane) => lane == 0 ? ProcessTile : $"{ProcessTile}-{lane}";

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
