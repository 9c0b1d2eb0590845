using System.Diagnostics.Metrics;
using ImagePipeline.Protocol;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Hosting.Telemetry;

/// <summary>
/// The pipeline's own scaling signals (meter "ImagePipeline"), beside MassTransit's. What each one
/// tells an operator, and how to read them: docs/DEPLOY.md, "Scaling signals".
/// </summary>
public sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "ImagePipeline";

    readonly Meter _meter = new(MeterName);
    readonly Counter<long> _tilesProcessed;
    readonly Histogram<double> _tileDuration;
    readonly Histogram<double> _tileQueueWait;
    readonly Counter<double> _busyTime;
    readonly Histogram<double> _jobDuration;

    public PipelineMetrics(IOptions<ProcessingOptions> options)
    {
        _tilesProcessed = _meter.CreateCounter<long>("imagepipe.tiles.processed", "{tile}",
            "Tiles this processor finished (outcome ok) or gave up on (outcome fault)");
        // Buckets in seconds: the SDK's defaults suit milliseconds and would put every tile in the first one.
        _tileDuration = _meter.CreateHistogram("imagepipe.tile.duration", "s",
            "Time to process one tile command (a tile, or a run of small tiles): read, apply the operation, store", tags: null, Buckets(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60));
        _tileQueueWait = _meter.CreateHistogram("imagepipe.tile.queue_wait", "s",
            "Time a tile waited between being sent and a processor starting it", tags: null, Buckets(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600));
        _busyTime = _meter.CreateCounter<double>("imagepipe.processor.busy_time", "s",
            "Tile-seconds spent processing; its rate divided by imagepipe.processor.capacity is the busy fraction");
        _jobDuration = _meter.CreateHistogram("imagepipe.job.duration", "s",
            "Time from a job's submission to its last image ending", tags: null, Buckets(1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600));
        Busy = new BusyTracker(options.Value.ConcurrentTiles);
        _meter.CreateObservableGauge("imagepipe.processor.capacity", () => options.Value.ConcurrentTiles, "{tile}",
            "Tiles this processor may work on at once (Processing:ConcurrentTiles)");
        _meter.CreateObservableGauge("imagepipe.processor.busy_fraction", Busy.FractionSinceLastRead, "1",
            "Share of this processor's tile slots that were busy since the previous reading (0 to 1)");
    }

    internal BusyTracker Busy { get; }

    static InstrumentAdvice<double> Buckets(params double[] boundaries) => new() { HistogramBucketBoundaries = boundaries };

    public Meter Meter => _meter;

    /// <param name="tiles">How many tiles the command covered: one, or a run of small tiles.</param>
    internal void TileFinished(string operation, int tiles, bool succeeded, TimeSpan duration)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "fault");
        var op = new KeyValuePair<string, object?>("operation", operation);
        _tilesProcessed.Add(tiles, op, outcome);
        _tileDuration.Record(duration.TotalSeconds, op, outcome);
        _busyTime.Add(duration.TotalSeconds);
    }

    internal void TileStarted(TimeSpan queueWait) => _tileQueueWait.Record(Math.Max(0, queueWait.TotalSeconds));

    internal void JobFinished(TimeSpan duration, bool anyFailed) =>
        _jobDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", anyFailed ? "failed_images" : "ok"));

    public void Dispose() => _meter.Dispose();
}
