using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Sagas.Reconciling;

/// <summary>
/// A saga host's background look at the store every few seconds. A look that fails (the store or broker unavailable)
/// is logged and the next one looks again: nothing is decided on half a look.
/// </summary>
/// <param name="what">What the look is for, as the warning names it ("abandoned submissions").</param>
internal abstract partial class PeriodicScan(ILogger logger, string what) : BackgroundService
{
    static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(5);

    protected abstract Task ScanAsync(CancellationToken cancellationToken);

    /// <summary>One look, as the timer makes it, for a test that cannot wait for the timer.</summary>
    internal Task LookOnceAsync(CancellationToken cancellationToken) => ScanAsync(cancellationToken);

    /// <summary>Called after a look failed, before the next one.</summary>
    protected virtual void OnScanFailed()
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ScanInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await ScanAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                OnScanFailed();
                LogScanFailed(logger, what, exception.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for {What} failed, trying again shortly: {Problem}")]
    static partial void LogScanFailed(ILogger logger, string what, string problem);
}
