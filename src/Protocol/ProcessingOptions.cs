using System.ComponentModel.DataAnnotations;

namespace ImagePipeline.Protocol;

/// <summary>How a process does image work (section "Processing").</summary>
public sealed class ProcessingOptions
{
    public const string SectionName = "Processing";

    /// <summary>Tiles processed at once by this process; defaults to the number of cores.</summary>
    [Range(1, 256)]
    public int ConcurrentTiles { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Messages RabbitMQ hands this process ahead of time, on each tile lane. They wait in the process for a turn
    /// (TileTurns), so a lane's prefetch never delays another lane's tiles. Well above the concurrency: measured on two
    /// cores, 16 fed one processor's small-image batches about 9 % faster than 4, and with less spread.
    /// Two processors sharing those two cores were level on most jobs but 9 % slower on a cheap batch:
    /// several processors on one host may set it lower. Messages carry
    /// keys only, so holding more costs the broker and the process little.
    /// </summary>
    [Range(1, 1024)]
    public int PrefetchCount { get; set; } = Environment.ProcessorCount * 8;

    /// <summary>
    /// OpenCV's own worker threads per call. Tiles already run in parallel, and measured here extra
    /// OpenCV threads gave no gain under load (Canny got slower), so one is the default.
    /// </summary>
    [Range(0, 64)]
    public int OpenCvThreads { get; set; } = 1;

    /// <summary>The most pixels an input may declare in its header; larger files are refused before any decode.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 500_000_000;

    /// <summary>The largest input file accepted, in bytes; larger files fail before they are read.</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The most tiles one job may queue; images that would go past it fail with the reason.</summary>
    [Range(1, int.MaxValue)]
    public int MaxTilesPerJob { get; set; } = 100_000;

    /// <summary>
    /// Waits between the retries of a tile or assembly that failed for a passing reason (blob store or
    /// broker unreachable). About half a minute in all by default: long enough to ride out a blob store
    /// restart, short enough that a poison message reaches the error queue instead of circling forever.
    /// </summary>
    /// <remarks>Null by default because the configuration binder appends to a non-empty array instead of replacing it.</remarks>
    [MaxLength(20)]
    public int[]? RetryDelaysMs { get; set; }

    /// <summary>
    /// How long a submission may go without its submitter's heartbeat before the saga host takes it for dead and
    /// fails the images it never queued, so the job ends instead of waiting for ever.
    /// </summary>
    [Range(15, int.MaxValue)]
    public int AbandonedSubmissionSeconds { get; set; } = 300;

    /// <summary>
    /// How long every pipeline queue must stay empty before the saga host looks for jobs that stopped moving and
    /// re-drives them from what the store holds (<c>StalledJobs</c>).
    /// </summary>
    [Range(10, int.MaxValue)]
    public int StalledJobSeconds { get; set; } = 300;

    /// <summary>
    /// How long a job whose submission never completed is kept after its last image ended, before the saga host removes
    /// all of it (inputs, outputs, records, saga states). A day by default: time for a user to read why it ended and
    /// download the images that were done, while what a dead submitter left does not pile up for ever.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int AbandonedJobRetentionSeconds { get; set; } = 86_400;

    public int[] EffectiveRetryDelaysMs => RetryDelaysMs is { Length: > 0 } delays ? delays : [200, 500, 1_000, 2_000, 5_000, 10_000, 15_000];
}
