using Azure.Core.Pipeline;
using Azure.Storage.Blobs;

namespace ImagePipeline.Submitter.Hosting;

/// <summary>
/// How the commands talk to Azure Blob storage: a person waits on them, so a store that cannot be reached is said
/// within seconds (<see cref="FirstContactRetryPolicy"/>), and a host that never answers a connection is given
/// <see cref="ConnectTimeout"/>, not the operating system's two minutes.
/// </summary>
internal static class CliBlobClient
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public static BlobClientOptions Options() => new()
    {
        RetryPolicy = new FirstContactRetryPolicy(),
        // As the SDK's own transport, plus the connect timeout: no redirects or cookies.
        Transport = new HttpClientTransport(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout, AllowAutoRedirect = false, UseCookies = false }),
    };
}
