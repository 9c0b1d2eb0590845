using System.Text.RegularExpressions;
using ImagePipeline.Storage;
using MassTransit;

namespace ImagePipeline.Sagas;

/// <summary>
/// Tells a failure that retrying later can fix (the blob store or the broker was unavailable) from one it cannot
/// (bad or missing input), from the exception a <see cref="Fault{T}"/> carries, and says it in words.
/// </summary>
internal static partial class DependencyFailures
{
    public const string BlobStore = "the blob store";
    public const string Broker = "the message broker";

    /// <summary>What was unavailable and how, as a clause ("the blob store refused the write (HTTP 500; is its disk full?)"); null when retrying cannot help.</summary>
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

    /// <summary>The same from an exception a process caught itself.</summary>
    public static string? Describe(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (Describe(current.GetType().FullName ?? "", current.Message) is { } described)
                return described;
            if (current.GetType().FullName?.StartsWith("ImagePipeline.", StringComparison.Ordinal) == true)
                return null;
        }

        return null;
    }

    /// <summary>The same from an exception's type name and message, as an error queue's <c>MT-Fault-*</c> headers give them.</summary>
    /// <param name="fullMessage">The storage SDK's message holds the status on a later line, then every response header.</param>
    public static string? Describe(string type, string fullMessage)
    {
        var message = FirstLine(fullMessage);
        // The store said it in words already (AzureBlobStore), naming the operation it refused.
        if (type == typeof(BlobStoreUnavailableException).FullName)
            return message;
        if (type == "Azure.RequestFailedException")
        {
            var status = StatusCode().Match(fullMessage) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            return status switch
            {
                0 => $"{BlobStore} is not reachable ({message})",
                _ when BlobStoreUnavailableException.Passes(status) => BlobStoreUnavailableException.Describe("request", status),
                _ => null,
            };
        }

        if (type is "System.Net.Http.HttpRequestException" or "System.Net.Sockets.SocketException" or "System.TimeoutException"
            or "System.Threading.Tasks.TaskCanceledException" or "System.IO.IOException")
            return $"{BlobStore} is not reachable ({message})";
        if (type.StartsWith("RabbitMQ.Client.", StringComparison.Ordinal) || type is "MassTransit.RabbitMqConnectionException")
            return $"{Broker} is not reachable ({message})";
        return null;
    }

    /// <summary>Which dependency a clause of <see cref="Describe(string, string)"/> names.</summary>
    public static string DependencyOf(string described) => described.StartsWith(Broker, StringComparison.Ordinal) ? Broker : BlobStore;

    static string FirstLine(string? message) => (message ?? "").Split('\n', 2)[0].Trim();

    [GeneratedRegex(@"Status: (\d{3})")]
    private static partial Regex StatusCode();
}
