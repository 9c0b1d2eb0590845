using System.ComponentModel.DataAnnotations;

namespace ImagePipeline.Orchestration.Processing;

/// <summary>How a process does image work (section "Processing").</summary>
public sealed class ProcessingOptions
{
    public const string SectionName = "Processing";

    /// <summary>Tiles processed at once by this process; defaults to the number of cores.</summary>
    [Range(1, 256)]
    public int ConcurrentTiles { get; set; } = Environment.ProcessorCount;

    /// <summary>Messages RabbitMQ hands this process ahead of time; a little above the concurrency keeps workers fed.</summary>
    [Range(1, 1024)]
    public int PrefetchCount { get; set; } = Environment.ProcessorCount * 2;

    /// <summary>
    /// OpenCV's own worker threads per call. Tiles already run in parallel, and measured here extra
    /// OpenCV threads gave no gain under load (Canny got slower), so one is the default.
    /// </summary>
    [Range(0, 64)]
    public int OpenCvThreads { get; set; } = 1;

    /// <summary>The most pixels an input may declare in its header; larger files are refused before any decode.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 500_000_000;
}
