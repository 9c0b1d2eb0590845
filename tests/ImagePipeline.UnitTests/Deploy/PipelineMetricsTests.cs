using System.Diagnostics.Metrics;
using ImagePipeline.Hosting.Telemetry;
using ImagePipeline.Protocol;
using Microsoft.Extensions.Options;

namespace ImagePipeline.UnitTests.Deploy;

/// <summary>The scaling signals an operator reads to add or remove processors.</summary>
public sealed class PipelineMetricsTests
{
    [Fact]
    public void BusyFraction_WhenOneOfTwoSlotsWorksThroughout_IsAboutHalf()
    {
        var busy = new BusyTracker(slots: 2);
        var started = busy.Start();
        busy.FractionSinceLastRead();
        Thread.Sleep(100);

        var midTile = busy.FractionSinceLastRead();
        busy.Stop(started);

        // Counted while the tile is still in flight, not only when it ends.
        Assert.InRange(midTile, 0.499, 0.5);
    }

    [Fact]
    public void BusyFraction_WhenIdleSinceLastReading_IsZero()
    {
        var busy = new BusyTracker(slots: 1);
        busy.Stop(busy.Start());
        busy.FractionSinceLastRead();
        Thread.Sleep(50);

        Assert.Equal(0, busy.FractionSinceLastRead());
    }

    [Fact]
    public void TileFinished_RecordsCountDurationAndBusyTime_UnderThePipelineMeter()
    {
        using var metrics = new PipelineMetrics(Options.Create(new ProcessingOptions { ConcurrentTiles = 3 }));
        var seen = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This instance's meter only: other tests running at the same time record under the same name.
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen[instrument.Name] = seen.GetValueOrDefault(instrument.Name) + value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => seen[instrument.Name] = seen.GetValueOrDefault(instrument.Name) + value);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => seen[instrument.Name] = value);
        listener.Start();

        metrics.TileFinished("bilateral", tiles: 1, succeeded: true, TimeSpan.FromSeconds(1.5));
        // A run of small tiles: one command, so one duration, but each of its tiles counted.
        metrics.TileFinished("bilateral", tiles: 4, succeeded: true, TimeSpan.FromSeconds(0.5));
        listener.RecordObservableInstruments();

        Assert.Equal(5, seen["imagepipe.tiles.processed"]);
        Assert.Equal(2.0, seen["imagepipe.tile.duration"], precision: 6);
        Assert.Equal(2.0, seen["imagepipe.processor.busy_time"], precision: 6);
        Assert.Equal(3, seen["imagepipe.processor.capacity"]);
        Assert.Equal(PipelineMetrics.MeterName, metrics.Meter.Name);
    }
}
