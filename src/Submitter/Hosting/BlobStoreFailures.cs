using Azure;
using ImagePipeline.Client.Downloads;
using ImagePipeline.Storage;

namespace ImagePipeline.Submitter.Hosting;

/// <summary>A blob store's refusal or failure, said in one line: the SDK's own messages run to dozens of lines of headers.</summary>
internal static class BlobStoreFailures
{
    const string Check = "Check Storage:ConnectionString (IMAGEPIPE_Storage__ConnectionString) and that the store is running.";

    /// <summary>Null when <paramref name="exception"/> is not the blob store's.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        BlobStoreUnavailableException unavailable => $"{char.ToUpperInvariant(unavailable.Message[0])}{unavailable.Message[1..]}. {Check}",
        RequestFailedException { Status: 401 or 403 } refused =>
            $"The blob store refused the credentials of Storage:ConnectionString ({refused.Status} {refused.ErrorCode}). {Check}",
        RequestFailedException { Status: > 0 } failed => $"The blob store answered {failed.Status} {failed.ErrorCode}: {FirstLine(failed.Message)}",
        RequestFailedException or HttpRequestException => $"The blob store cannot be reached: {FirstLine(exception.Message)}. {Check}",
        OperationCanceledException when IsNetworkTimeout(exception) => $"The blob store did not answer: {FirstLine(exception.Message)}. {Check}",
        // The SDK gives up on a fault that persisted through its retries with all of them.
        AggregateException { InnerExceptions: [.., var last] } aggregate
            when aggregate.InnerExceptions.All(e => e is RequestFailedException or HttpRequestException || IsNetworkTimeout(e)) =>
            $"The blob store failed {aggregate.InnerExceptions.Count} times: {FirstLine(last.Message)}. {Check}",
        _ => null,
    };

    /// <summary>An output that could not be read even after retries, as one sentence naming it and what failed.</summary>
    public static string Describe(DownloadFailedException failure)
    {
        var cause = failure.InnerException is { } inner ? Describe(inner) ?? FirstLine(inner.Message) : "unknown";
        return $"The download of '{failure.OutputName}' failed {failure.Attempts} times: {cause.TrimEnd('.')}.";
    }

    // The SDK's own timeout (Retry.NetworkTimeout), not a cancellation anyone asked for.
    static bool IsNetworkTimeout(Exception exception) =>
        exception is OperationCanceledException && exception.Message.Contains("exceeded the configured timeout", StringComparison.Ordinal);

    static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.');
}
