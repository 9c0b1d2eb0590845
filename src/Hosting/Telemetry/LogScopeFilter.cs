using System.Diagnostics;
using ImagePipeline.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Hosting.Telemetry;

/// <summary>
/// Wraps every consumed pipeline message in a logging scope with its job, image and tile ids, and
/// logs each processed tile inside it, so a processor's log tells which work it did.
/// </summary>
internal sealed partial class LogScopeFilter<T>(ILogger<LogScopeFilter<T>> logger) : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        using var scope = BeginScope(context.Message);
        var started = Stopwatch.GetTimestamp();
        await next.Send(context).ConfigureAwait(false);
        if (context.Message is ProcessTile tile)
            LogTileProcessed(tile.Tiles.First, tile.Image.ImageId, tile.Recipe.Operation, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("pipelineLogScope");

    [LoggerMessage(Level = LogLevel.Information, Message = "Tile {TileIndex} of image {ImageId} ({Operation}) processed in {ElapsedMs:0} ms")]
    partial void LogTileProcessed(int tileIndex, Guid imageId, string operation, double elapsedMs);

    static readonly Func<ILogger, Guid, Guid, int, IDisposable?> TileScope =
        LoggerMessage.DefineScope<Guid, Guid, int>("JobId:{JobId} ImageId:{ImageId} TileIndex:{TileIndex}");
    static readonly Func<ILogger, Guid, Guid, IDisposable?> ImageScope = LoggerMessage.DefineScope<Guid, Guid>("JobId:{JobId} ImageId:{ImageId}");
    static readonly Func<ILogger, Guid, IDisposable?> JobScope = LoggerMessage.DefineScope<Guid>("JobId:{JobId}");

    IDisposable? BeginScope(T message) => message switch
    {
        ProcessTile m => TileScope(logger, m.Image.JobId, m.Image.ImageId, m.Tiles.First),
        TileProcessed m => TileScope(logger, m.Image.JobId, m.Image.ImageId, m.Tiles.First),
        TileFailed m => ImageScope(logger, m.Image.JobId, m.Image.ImageId),
        ReduceTileStatistics m => ImageScope(logger, m.Image.JobId, m.Image.ImageId),
        AssembleImage m => ImageScope(logger, m.Image.JobId, m.Image.ImageId),
        RemoveImageIntermediates m => ImageScope(logger, m.Image.JobId, m.Image.ImageId),
        ImageAssembled m => ImageScope(logger, m.Image.JobId, m.Image.ImageId),
        ImageCompleted m => ImageScope(logger, m.Image.JobId, m.Image.ImageId),
        ImageFailed m => ImageScope(logger, m.Image.JobId, m.Image.ImageId),
        JobSubmitted m => JobScope(logger, m.JobId),
        JobCompleted m => JobScope(logger, m.JobId),
        _ => null,
    };
}
