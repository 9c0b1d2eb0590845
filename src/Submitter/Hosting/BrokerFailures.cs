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
        var chain = ExceptionChain.Of(exception).ToList();
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

    static string NoAnswer(string broker, RabbitMqOptions options) =>
        $"The broker at {broker} did not answer within {options.ConnectTimeoutSeconds} s (RabbitMq:ConnectTimeoutSeconds). {CheckAddress}, " +
        "and that this machine can reach it.";

    static string Address(RabbitMqOptions options) =>
        options.ClusterNodes.Length > 0 ? string.Join(", ", [$"{options.Host}:{options.Port}", .. options.ClusterNodes]) : $"{options.Host}:{options.Port}";

    [GeneratedRegex(@"NOT_ALLOWED - [^,]*")]
    private static partial Regex NotAllowed();
}
