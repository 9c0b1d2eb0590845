using ImagePipeline.Hosting.RabbitMq;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Submitter.Hosting;

/// <summary>
/// Hears from the bus, as it happens, what makes the broker unusable for a command: its first connection failing
/// (refused, unresolved, unanswered, the login or virtual host refused) or not made within twice
/// <see cref="RabbitMqOptions.ConnectTimeoutSeconds"/>, or a queue it will not declare because the queue exists with other
/// arguments. MassTransit retries all of these for ever, as a service should; a person waiting on a command gets the
/// reason at once instead (<see cref="HostStartup"/>), and exit code 3.
/// </summary>
internal sealed class BrokerRefusal : IReceiveEndpointObserver, ISendObserver, IDisposable
{
    readonly RabbitMqOptions _options;
    readonly CancellationTokenSource _refused = new();
    readonly Lock _gate = new();
    readonly Timer _noAnswer;
    int _connected;

    public BrokerRefusal(IOptions<RabbitMqOptions> options)
    {
        _options = options.Value;
        // A port that accepts connections but never speaks AMQP (another service, a proxy) leaves the client waiting.
        var patience = TimeSpan.FromSeconds(2 * _options.ConnectTimeoutSeconds);
        _noAnswer = new Timer(_ => _ = Volatile.Read(ref _connected) == 0 ? Refuse(BrokerFailures.DescribeSilence(_options, patience)) : Task.CompletedTask,
            null, patience, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled once the broker has refused.</summary>
    public CancellationToken Token => _refused.Token;

    /// <summary>Why, once the broker has refused; null until then.</summary>
    public string? Reason { get; private set; }

    public Task Ready(ReceiveEndpointReady ready)
    {
        Volatile.Write(ref _connected, 1);
        return Task.CompletedTask;
    }

    // After a first connection a fault is the broker restarting or the network failing for a while: MassTransit reconnects.
    // A cancellation is the command's own (it gave up, or is stopping), not the broker's answer.
    public Task Faulted(ReceiveEndpointFaulted faulted) =>
        Volatile.Read(ref _connected) == 0 && faulted.Exception is { } exception and not OperationCanceledException
            ? Refuse(BrokerFailures.DescribeConnection(exception, _options))
            : Task.CompletedTask;

    public Task SendFault<T>(SendContext<T> context, Exception exception) where T : class =>
        QueueConflicts.Describe(exception, "this command") is { } conflict ? Refuse(conflict) : Task.CompletedTask;

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task PreSend<T>(SendContext<T> context) where T : class => Task.CompletedTask;

    public Task PostSend<T>(SendContext<T> context) where T : class => Task.CompletedTask;

    Task Refuse(string reason)
    {
        lock (_gate)
        {
            if (Reason is not null)
                return Task.CompletedTask;
            Reason = reason;
        }

        // Not on the bus's own thread: cancelling runs the command's continuations.
        return _refused.CancelAsync();
    }

    public void Dispose()
    {
        _noAnswer.Dispose();
        _refused.Dispose();
    }
}
