using System.Net.Sockets;
using Azure;

namespace ImagePipeline.Storage;

/// <summary>Which failures of a store's calls may pass if the call is made again: the network or the service, not the request.</summary>
public static class TransientBlobFailures
{
    /// <summary>
    /// True for a lost or timed-out connection, a stream cut short, and a service that is busy or failing (HTTP 408,
    /// 429, 5xx); false for a refusal (401, 403, 404, a failed condition) and anything else. A cancellation counts as
    /// transient (it may be the SDK's own timeout): the caller tells its own from it by its token.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status == 0 || BlobStoreUnavailableException.Passes(failed.Status),
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        BlobNotFoundException or BlobConditionFailedException => false,
        // BlobStoreUnavailableException is an IOException: the store already said the failure passes.
        IOException or HttpRequestException or SocketException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };
}
