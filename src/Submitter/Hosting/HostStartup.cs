using MassTransit;
using Microsoft.Extensions.Hosting;

namespace ImagePipeline.Submitter.Hosting;

internal static class HostStartup
{
    /// <summary>
    /// Starts the host on a pool thread while <paramref name="work"/> runs: building the bus keeps one core busy
    /// for a few hundred milliseconds, in which a job's inputs are stored, decoded and cut on the other (its
    /// sends wait for the start: <c>StartedBus</c>). Returns with the host started and the work done; throws
    /// with the host stopped, or never started, and the work cancelled if the start failed.
    /// </summary>
    public static async Task<T> StartAlongsideAsync<T>(this IHost host, TimeSpan timeout, Func<CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        using var workCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var starting = Task.Run(() => host.StartWithinAsync(timeout, cancellationToken), CancellationToken.None);
        var working = work(workCancellation.Token);
        try
        {
            await starting.ConfigureAwait(false);
        }
        catch
        {
            await workCancellation.CancelAsync().ConfigureAwait(false);
            await working.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        try
        {
            return await working.ConfigureAwait(false);
        }
        catch
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    const string CheckBrokerSettings = "Check RabbitMq:Host, RabbitMq:Port and the credentials (IMAGEPIPE_RabbitMq__*).";

    /// <summary>Starts the host, giving up after <paramref name="timeout"/>: a broker that never answers must not hang the CLI.</summary>
    public static async Task StartWithinAsync(this IHost host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await host.StartAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfrastructureUnavailableException(
                $"The message broker did not answer within {timeout.TotalSeconds:0} s. {CheckBrokerSettings}");
        }
        catch (ConnectionException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // What MassTransit throws when its connection attempts end unanswered or refused (at the deadline above, or
            // at once for refused credentials): a setting to fix, not a crash.
            throw new InfrastructureUnavailableException(
                $"The message broker cannot be reached ({exception.Message.Split('\n')[0].Trim()}). {CheckBrokerSettings}", exception);
        }
    }
}
