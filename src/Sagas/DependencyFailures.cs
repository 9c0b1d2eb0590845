using System.Text.RegularExpressions;
using MassTransit;

namespace ImagePipeline.Sagas;

/// <summary>
/// Tells a failure that retrying later can fix (the blob store or the broker was unavailable) from one it cannot
/// (bad or missing input), from the exception a <see cref="Fault{T}"/> carries, and says it in words.
/// </summary>
internal static partial class DependencyFailures
{
    const string BlobStore = "the blob store";
    const string Broker = "the message broker";

    /// <summary>What was unavailable and how, e.g. "the blob store (it answered HTTP 500; is its disk full?)"; null when retrying cannot help.</summary>
    public static string? Describe(ExceptionInfo? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (Describe(current.ExceptionType, current.Message ?? "") is { } described)
                return described;
            if (current.ExceptionType.StartsWith("ImagePipeline.", StringComparison.Ordinal))
                return null; // the pipeline's own verdict (a missing blob, a bad image) is final
        }

        return null;
    }

    /// <summary>The same from an exception's type name and message, as an error queue's <c>MT-Fault-*</c> headers give them.</summary>
    /// <param name="fullMessage">The storage SDK's message holds the status on a later line, then every response header.</param>
    public static string? Describe(string type, string fullMessage)
    {
        var message = FirstLine(fullMessage);
        if (type == "Azure.RequestFailedException")
        {
            var status = StatusCode().Match(fullMessage) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            return status switch
            {
                0 => $"{BlobStore} (not reachable: {message})",
                507 or 500 => $"{BlobStore} (it refused the request with HTTP {status}; is its disk full?)",
                >= 500 or 408 or 429 => $"{BlobStore} (it answered HTTP {status}, busy or unavailable)",
                _ => null,
            };
        }

        if (type is "System.Net.Http.HttpRequestException" or "System.Net.Sockets.SocketException" or "System.TimeoutException"
            or "System.Threading.Tasks.TaskCanceledException" or "System.IO.IOException")
            return $"{BlobStore} (not reachable: {message})";
        if (type.StartsWith("RabbitMQ.Client.", StringComparison.Ordinal) || type is "MassTransit.RabbitMqConnectionException")
            return $"{Broker} (not reachable: {message})";
        return null;
    }

    static string FirstLine(string? message) => (message ?? "").Split('\n', 2)[0].Trim();

    [GeneratedRegex(@"Status: (\d{3})")]
    private static partial Regex StatusCode();
}
