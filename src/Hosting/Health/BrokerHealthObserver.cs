using ImagePipeline.Sagas;
using MassTransit;

namespace ImagePipeline.Hosting.Health;

/// <summary>
/// Feeds the broker's outages into <see cref="UnavailableDependencies"/>: MassTransit faults a receive endpoint each time
/// its connection is lost or refused, and reports it ready once connected again.
/// </summary>
internal sealed class BrokerHealthObserver(UnavailableDependencies health) : IReceiveEndpointObserver
{
    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        var reason = faulted.Exception is { } exception
            ? DependencyFailures.Describe(exception) ?? $"{DependencyFailures.Broker} is not reachable ({exception.Message.Split('\n', 2)[0].Trim()})"
            : $"{DependencyFailures.Broker} is not reachable";
        health.Failed(DependencyFailures.Broker, reason);
        return Task.CompletedTask;
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        health.Succeeded(DependencyFailures.Broker);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
}
