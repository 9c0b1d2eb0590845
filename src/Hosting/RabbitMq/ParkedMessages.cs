using System.Text.Json;
using ImagePipeline.Protocol;
using ImagePipeline.Sagas;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace ImagePipeline.Hosting.RabbitMq;

/// <summary>
/// The messages MassTransit parked in the pipeline's <c>_error</c> queues after their last retry, put back on the queue
/// they came from, one job's at a time. MassTransit has no such command: as its documentation describes the error
/// queue, a parked message is the original, with the exception in <c>MT-Fault-*</c> headers, and moving it back to
/// its queue has it consumed again. Other jobs' messages are returned to the error queue in place.
/// </summary>
public sealed class ParkedMessages(IOptions<RabbitMqOptions> options) : IAsyncDisposable
{
    readonly SemaphoreSlim _idleCheckTurn = new(1, 1);
    IConnection? _idleCheck;

    /// <param name="unavailableOnly">Only messages that gave up because a dependency was unavailable (for the saga host's own replays).</param>
    /// <returns>How many messages went back to each queue (queues with none are left out).</returns>
    /// <exception cref="BrokerUnreachableException">No connection to the broker.</exception>
    /// <exception cref="OperationInterruptedException">The broker refused an operation (the user may not read the error queues).</exception>
    public async Task<IReadOnlyDictionary<string, int>> ReplayAsync(Guid jobId, CancellationToken cancellationToken, bool unavailableOnly = false)
    {
        await using var connection = await ConnectAsync("imagepipe retry", cancellationToken).ConfigureAwait(false);
        var moved = new Dictionary<string, int>();
        foreach (var queue in QueueNames.All)
        {
            if (await ReplayQueueAsync(connection, queue, jobId, unavailableOnly, cancellationToken).ConfigureAwait(false) is > 0 and var count)
                moved[queue] = count;
        }

        return moved;
    }

    /// <summary>Whether no message waits in any pipeline queue (messages taken by a consumer and not yet acknowledged are not counted).</summary>
    public async Task<bool> AreIdleAsync(CancellationToken cancellationToken)
    {
        await _idleCheckTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One connection kept for the looks every few seconds: opening one for each look cost an idle saga host
            // (and the broker) more CPU than everything else it does while idle.
            if (_idleCheck is not { IsOpen: true })
            {
                if (_idleCheck is not null)
                    await _idleCheck.DisposeAsync().ConfigureAwait(false);
                _idleCheck = null;
                _idleCheck = await ConnectAsync("imagepipe stalled-job check", cancellationToken).ConfigureAwait(false);
            }

            // A queue not declared yet closes the channel (the look fails and the next one takes a new channel).
            await using var channel = await _idleCheck.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var queue in QueueNames.All)
            {
                if ((await channel.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false)).MessageCount > 0)
                    return false;
            }

            return true;
        }
        finally
        {
            _idleCheckTurn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_idleCheck is not null)
            await _idleCheck.DisposeAsync().ConfigureAwait(false);
        _idleCheckTurn.Dispose();
    }

    Task<IConnection> ConnectAsync(string name, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var factory = new ConnectionFactory
        {
            HostName = settings.Host,
            Port = settings.Port,
            VirtualHost = settings.VirtualHost,
            UserName = settings.Username!,
            Password = settings.Password!,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(settings.ConnectTimeoutSeconds),
            // A lost connection is replaced at the next look (or was used for one command only).
            AutomaticRecoveryEnabled = false,
        };
        // The configured node first, then the cluster's others, as the bus connects (RabbitMqTransport).
        AmqpTcpEndpoint[] nodes = [new(settings.Host, settings.Port), .. settings.ClusterNodes.Select(node => AmqpTcpEndpoint.Parse(node))];
        return factory.CreateConnectionAsync(nodes, name, cancellationToken);
    }

    static async Task<int> ReplayQueueAsync(IConnection connection, string queue, Guid jobId, bool unavailableOnly, CancellationToken cancellationToken)
    {
        var errorQueue = queue + "_error";
        // Confirmed publishes: a message is acknowledged (removed from the error queue) only once the broker holds its copy.
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
        uint parked;
        try
        {
            parked = (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken).ConfigureAwait(false)).MessageCount;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return 0; // MassTransit declares an error queue only once something has faulted there
        }

        var others = new List<ulong>();
        var moved = 0;
        for (var i = 0; i < parked; i++)
        {
            if (await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken).ConfigureAwait(false) is not { } message)
                break;
            if (!NamesJob(message.Body, jobId) || (unavailableOnly && !GaveUpOnUnavailable(message.BasicProperties)))
            {
                others.Add(message.DeliveryTag);
                continue;
            }

            var properties = new BasicProperties(message.BasicProperties)
            {
                Headers = message.BasicProperties.Headers?.Where(header => !IsFaultHeader(header.Key)).ToDictionary(h => h.Key, h => h.Value),
            };
            // Through the queue's own exchange (MassTransit binds one of the same name to each receive queue): the processors'
            // broker user may write to it (deploy/rabbitmq/setup-pipeline.sh), and not to the default exchange.
            await channel.BasicPublishAsync(queue, "", mandatory: true, properties, message.Body, cancellationToken).ConfigureAwait(false);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken).ConfigureAwait(false);
            moved++;
        }

        // Held until now so that each is fetched once; returned, they keep their place in the error queue.
        foreach (var tag in others)
            await channel.BasicNackAsync(tag, multiple: false, requeue: true, cancellationToken).ConfigureAwait(false);
        return moved;
    }

    static bool GaveUpOnUnavailable(IReadOnlyBasicProperties properties) =>
        properties.Headers is { } headers
        && headers.TryGetValue("MT-Fault-ExceptionType", out var type) && headers.TryGetValue("MT-Fault-Message", out var message)
        && DependencyFailures.Describe(Text(type), Text(message)) is not null;

    static string Text(object? header) => header switch
    {
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        _ => header?.ToString() ?? "",
    };

    static bool IsFaultHeader(string name) => name.StartsWith("MT-Fault-", StringComparison.Ordinal) || name == "MT-Reason";

    /// <summary>Whether a MassTransit envelope's message (or the message a fault carries) names the job.</summary>
    internal static bool NamesJob(ReadOnlyMemory<byte> body, Guid jobId)
    {
        try
        {
            using var envelope = JsonDocument.Parse(body);
            return envelope.RootElement.TryGetProperty("message", out var message) && NamesJob(message, jobId);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static bool NamesJob(JsonElement element, Guid jobId) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(property =>
            (property.NameEquals("jobId") && property.Value.ValueKind == JsonValueKind.String && property.Value.TryGetGuid(out var id) && id == jobId)
            || (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && NamesJob(property.Value, jobId))),
        JsonValueKind.Array => element.EnumerateArray().Any(item => NamesJob(item, jobId)),
        _ => false,
    };
}
