using System.ComponentModel.DataAnnotations;
using ImagePipeline.Client.Submitting;

namespace ImagePipeline.Client.Watching;

/// <summary>How a watched folder is processed (section "Watch"); the folder itself comes from the command line.</summary>
public sealed class WatchOptions
{
    public const string SectionName = "Watch";

    [Required(ErrorMessage = "Watch:Folder is required: the folder to watch.")]
    public string? Folder { get; set; }

    /// <summary>A file is taken once its size and time stamp have not changed for this long: a slow copy is not taken half-written.</summary>
    [Range(0.05, 3600)]
    public double QuietSeconds { get; set; } = 2;

    [Range(50, 60_000)]
    public int PollMilliseconds { get; set; } = 1_000;

    /// <summary>Files submitted together as one job.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Jobs submitted and not yet delivered at once: with <see cref="BatchSize"/>, the bound on in-flight work.</summary>
    [Range(1, 64)]
    public int MaxJobsInFlight { get; set; } = 2;

    [Range(16, 1 << 20)]
    public int TileSize { get; set; } = JobRequest.DefaultTileSize;

    /// <summary>
    /// Submit again, under the same job id, a job found unfinished after a restart. Set for the embedded
    /// pipeline, whose in-memory queue died with the process; a distributed job's tiles wait in RabbitMQ instead.
    /// </summary>
    public bool ResubmitUnfinished { get; set; }

    /// <summary>Delete a job's blobs once delivered (the embedded pipeline's private store); a shared store keeps them.</summary>
    public bool DeleteDeliveredJobs { get; set; }
}
