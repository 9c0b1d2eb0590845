using System.Net.Sockets;
using System.Text.RegularExpressions;
using ImagePipeline.Hosting.RabbitMq;

namespace ImagePipeline.Submitter.Hosting;

/// <summary>
/// Why the broker cannot be used, in one line that names the setting to look at. RabbitMQ's client and MassTransit
/// wrap the reason in three or four exceptions and 25 lines of stack; the reason is the innermost one.
/// </summary>
internal static partial class BrokerFailures
{
    const string CheckAddress = "Check RabbitMq:Host and RabbitMq:Port (IMAGEPIPE_RabbitMq__Host, IMAGEPIPE_RabbitMq__Port)";

    /// <summary>Why a connection to the broker failed: refused, unresolved, unanswered, or the login or virtual host refused.</summary>
    public static string DescribeConnection(Exception exception, RabbitMqOptions options)
    {
        var broker = Address(options);
        var chain = Chain(exception).ToList();
        if (chain.Any(e => e.Message.Contains("ACCESS_REFUSED", StringComparison.Ordinal)))
            return $"The broker at {broker} refused the login of user '{options.Username}' (ACCESS_REFUSED). " +
                "Check RabbitMq:Username and RabbitMq:Password (IMAGEPIPE_RabbitMq__Username, IMAGEPIPE_RabbitMq__Password).";
        if (chain.Select(e => NotAllowed().Match(e.Message)).FirstOrDefault(m => m.Success) is { } notAllowed)
            return $"The broker at {broker} refused user '{options.Username}' the virtual host '{options.VirtualHost}' ({notAllowed.Value.TrimEnd('\'', '.')}). " +
                "Check RabbitMq:VirtualHost (IMAGEPIPE_RabbitMq__VirtualHost) and the user's permissions there.";
        return chain.OfType<SocketException>().FirstOrDefault()?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => $"Nothing accepts connections at {broker} (connection refused): is the broker running there? {CheckAddress}.",
            SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData =>
                $"The broker's host name '{options.Host}' does not resolve. Check RabbitMq:Host (IMAGEPIPE_RabbitMq__Host).",
            SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable =>
                NoAnswer(broker, options),
            _ when chain.Any(e => e is TimeoutException || e.Message.Contains("connection.start was never received", StringComparison.Ordinal)) =>
                NoAnswer(broker, options),
            _ => $"The broker at {broker} cannot be used: {chain[^1].Message.Split('\n')[0].Trim().TrimEnd('.')}. {CheckAddress}.",
        };
    }

    /// <summary>The broker accepted no connection, or accepted one and never answered in AMQP, within <paramref name="patience"/>.</summary>
    public static string DescribeSilence(RabbitMqOptions options, TimeSpan patience) =>
        $"The broker at {Address(options)} did not answer within {patience.TotalSeconds:0} s: is a RabbitMQ broker listening there? {CheckAddress}.";

    /// <summary>
    /// Why the broker refused to declare a queue: it exists with other arguments (PRECONDITION_FAILED), most often a
    /// quorum queue declared by processors on a virtual host whose default type is classic. Null for any other failure.
    /// </summary>
    public static string? DescribeQueueConflict(Exception exception)
    {
        var match = Chain(exception).Select(e => InequivalentArgument().Match(e.Message)).FirstOrDefault(m => m.Success);
        if (match is null)
            return null;
        var (argument, queue, virtualHost) = (match.Groups["argument"].Value, match.Groups["queue"].Value, match.Groups["vhost"].Value);
        var (asked, current) = (Value(match.Groups["received"].Value), Value(match.Groups["current"].Value));
        return argument == "x-queue-type"
            ? $"The broker refused queue '{queue}' in virtual host '{virtualHost}': it is a {current} queue there, and this command declares it " +
              $"{(asked == "none" ? "without a type, which takes the virtual host's default (classic unless set otherwise)" : $"as {asked}, the virtual host's default")}. " +
              "The processors' RabbitMq:QueueType and the virtual host's default queue type " +
              "(deploy/rabbitmq/setup-pipeline.sh --queue-type) must agree: see docs/DEPLOY.md, \"Classic or quorum\"."
            : $"The broker refused queue '{queue}' in virtual host '{virtualHost}': its argument {argument} is {current} there, and this command " +
              $"asks for {asked}. A queue's arguments never change: see docs/DEPLOY.md.";
    }

    static string NoAnswer(string broker, RabbitMqOptions options) =>
        $"The broker at {broker} did not answer within {options.ConnectTimeoutSeconds} s (RabbitMq:ConnectTimeoutSeconds). {CheckAddress}, " +
        "and that this machine can reach it.";

    static string Address(RabbitMqOptions options) =>
        options.ClusterNodes.Length > 0 ? string.Join(", ", [$"{options.Host}:{options.Port}", .. options.ClusterNodes]) : $"{options.Host}:{options.Port}";

    /// <summary>"'quorum'" or "the value 'quorum' of type 'longstr'" is quorum; "none" stays none.</summary>
    static string Value(string text) => Quoted().Match(text) is { Success: true } quoted ? quoted.Groups[1].Value : text.Trim();

    static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException { InnerExceptions.Count: > 1 } aggregate)
                foreach (var inner in aggregate.InnerExceptions.Skip(1).SelectMany(Chain))
                    yield return inner;
        }
    }

    [GeneratedRegex(@"inequivalent arg '(?<argument>[^']+)' for queue '(?<queue>[^']+)' in vhost '(?<vhost>[^']*)': received (?<received>.+?) but current is (?<current>[^,]+?)'?(,|$)")]
    private static partial Regex InequivalentArgument();

    [GeneratedRegex(@"NOT_ALLOWED - [^,]*")]
    private static partial Regex NotAllowed();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();
}
