using Azure.Core;
using Azure.Core.Pipeline;
using ImagePipeline.Sagas;
using ImagePipeline.Storage;

namespace ImagePipeline.Hosting.Health;

/// <summary>
/// Sees each answer of the Azure blob store, each retry of the SDK's included, so that an outage is recorded from the
/// first refused request rather than once the SDK's own retries are spent (tens of seconds later).
/// </summary>
internal sealed class StoreResponses : HttpPipelineSynchronousPolicy
{
    /// <summary>Set once the record exists; answers before it go unrecorded.</summary>
    public UnavailableDependencies? Health { get; set; }

    public override void OnReceivedResponse(HttpMessage message)
    {
        if (Health is not { } health || !message.HasResponse)
            return;
        var method = message.Request.Method;
        var status = message.Response.Status;
        if (BlobStoreUnavailableException.Passes(status))
            health.Failed(DependencyFailures.BlobStore, BlobStoreUnavailableException.Describe(Operation(method), status));
        else if (method == RequestMethod.Put && status < 400)
            health.Succeeded(DependencyFailures.BlobStore); // only a write proves the store back: a full disk still serves reads
    }

    static string Operation(RequestMethod method) =>
        method == RequestMethod.Put ? "write"
        : method == RequestMethod.Get || method == RequestMethod.Head ? "read"
        : method == RequestMethod.Delete ? "delete"
        : "request";
}
