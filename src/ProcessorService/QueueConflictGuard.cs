using ImagePipeline.Hosting.RabbitMq;
using MassTransit;

namespace ImagePipeline.ProcessorService;

/// <summary>
/// Stops the processor when the broker refuses one of its queues because the queue exists with other arguments
/// (<see cref="QueueConflicts"/>): MassTransit would retry for ever, and only a person can settle which type is meant.
/// Program.cs then says why in one line and exits with the settings exit code, which the unit does not restart on.
/// </summary>
internal sealed class QueueConflictGuard(IHostApplicationLifetime lifetime) : IReceiveEndpointObserver
{
    /// <summary>Who declared the queue, as <see cref="QueueConflicts.Describe"/> names it.</summary>
    public const string Declarer = "this processor";

    /// <summary>Why the processor stopped; null unless a queue was refused.</summary>
    public string? Reason { get; private set; }

    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        if (Reason is null && faulted.Exception is { } exception && QueueConflicts.Describe(exception, Declarer) is { } conflict)
        {
            Reason = conflict;
            lifetime.StopApplication();
        }

        return Task.CompletedTask;
    }

    public Task Ready(ReceiveEndpointReady ready) => Task.CompletedTask;

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
}
