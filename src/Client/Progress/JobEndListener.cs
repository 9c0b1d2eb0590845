using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Client.Progress;

/// <summary>
/// Hears every <see cref="Contracts.JobCompleted"/> on a queue of this process's own, deleted when the process
/// stops or dies, and passes it to <see cref="JobEndSignals"/>. Connected once per process, on the first wait,
/// after the bus has started and off the wait's path. Where it cannot connect (a process without a bus, or a
/// broker user that may not declare queues, as the least-privilege submitter of
/// <c>deploy/rabbitmq/setup-pipeline.sh</c> before it allowed these queues), waits poll as they did before.
/// </summary>
public sealed class JobEndListener(IServiceProvider services, IHostApplicationLifetime lifetime, JobEndSignals signals, ILogger<JobEndListener> logger)
{
    /// <summary>A broker that has not answered a queue's declaration by then is not going to.</summary>
    static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    readonly Lock _gate = new();
    Task<bool>? _connection;

    /// <summary>Starts connecting unless begun before. Waits need not await it; the task tells whether this process hears jobs end.</summary>
    public Task<bool> EnsureListeningAsync()
    {
        lock (_gate)
            return _connection ??= Task.Run(ConnectAsync);
    }

    async Task<bool> ConnectAsync()
    {
        if (services.GetService<IReceiveEndpointConnector>() is not { } connector)
            return false;
        try
        {
            await services.GetRequiredService<StartedBus>().WhenStartedAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        // Temporary: on RabbitMQ an exclusive queue, which the broker deletes with this process's connection.
        HostReceiveEndpointHandle? endpoint = null;
        try
        {
            endpoint = connector.ConnectReceiveEndpoint(new JobEndsEndpoint(), DefaultEndpointNameFormatter.Instance,
                (_, configurator) => configurator.Consumer(() => new JobEndSignalConsumer(signals)));
            await endpoint.Ready.WaitAsync(ReadyTimeout, lifetime.ApplicationStopping).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Cannot hear jobs end here; waits poll instead");
            await StopQuietlyAsync(endpoint).ConfigureAwait(false);
            return false;
        }
    }

    async Task StopQuietlyAsync(HostReceiveEndpointHandle? endpoint)
    {
        try
        {
            if (endpoint is not null)
                await endpoint.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Stopping the endpoint that could not listen failed");
        }
    }
}
