using ImagePipeline.Contracts;
using MassTransit;

namespace ImagePipeline.Hosting.Telemetry;

/// <summary>Times every tile a processor consumes, for the metrics.</summary>
internal sealed class TileMetricsObserver(PipelineMetrics metrics) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is ProcessTile)
        {
            var startedAt = metrics.Busy.Start();
            context.GetOrAddPayload(() => new TileTiming(startedAt));
            if (context.SentTime is { } sent)
                metrics.TileStarted(DateTime.UtcNow - sent);
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is ProcessTile tile && context.TryGetPayload(out TileTiming? timing))
            metrics.TileFinished(tile.Recipe.Operation, tile.Tiles.Count, succeeded: true, metrics.Busy.Stop(timing.StartedAt));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        if (context.Message is ProcessTile tile && context.TryGetPayload(out TileTiming? timing))
            metrics.TileFinished(tile.Recipe.Operation, tile.Tiles.Count, succeeded: false, metrics.Busy.Stop(timing.StartedAt));
        return Task.CompletedTask;
    }

    sealed record TileTiming(long StartedAt);
}
