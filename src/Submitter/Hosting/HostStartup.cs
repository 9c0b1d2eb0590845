using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImagePipeline.Submitter.Hosting;

internal static class HostStartup
{
    /// <summary>
    /// Starts the host on a pool thread while <paramref name="work"/> runs: building the bus keeps one core busy
    /// for a few hundred milliseconds, in which a job's inputs are stored, decoded and cut on the other (its
    /// sends wait for the start: <c>StartedBus</c>). Returns with the host started and the work done; throws
    /// with the host stopped, or never started, and the work cancelled if the start failed or the broker refused
    /// the work (<see cref="BrokerRefusal"/>).
    /// </summary>
    public static async Task<T> StartAlongsideAsync<T>(this IHost host, TimeSpan timeout, Func<CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        var refusal = host.Services.GetService<BrokerRefusal>();
        using var workCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, refusal?.Token ?? CancellationToken.None);
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
        catch (OperationCanceledException) when (refusal?.Reason is { } reason && !cancellationToken.IsCancellationRequested)
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw new InfrastructureUnavailableException(reason);
        }
        catch
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    const string CheckBrokerSettings = "Check RabbitMq:Host, RabbitMq:Port and the credentials (IMAGEPIPE_RabbitMq__*).";

    /// <summary>
    /// Starts the host, giving up after <paramref name="timeout"/>, or as soon as the broker refuses the first connection:
    /// a broker that never answers must not hang the CLI, and one that refuses is a setting to fix, not to wait out.
    /// </summary>
    public static async Task StartWithinAsync(this IHost host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var refusal = host.Services.GetService<BrokerRefusal>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, refusal?.Token ?? CancellationToken.None);
        deadline.CancelAfter(timeout);
        try
        {
            await host.StartAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception) when (refusal?.Reason is { } reason && !cancellationToken.IsCancellationRequested)
        {
            throw new InfrastructureUnavailableException(reason);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfrastructureUnavailableException(
                $"The message broker did not answer within {timeout.TotalSeconds:0} s. {CheckBrokerSettings}");
        }
        catch (ConnectionException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // What MassTransit throws when its connection attempts end unanswered or refused and nothing was heard first.
            throw new InfrastructureUnavailableException(
                $"The message broker cannot be reached ({exception.Message.Split('\n')[0].Trim()}). {CheckBrokerSettings}", exception);
        }
    }
}
