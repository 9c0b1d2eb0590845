using Azure;

namespace ImagePipeline.Storage;

/// <summary>
/// The blob store refused or failed an operation for a reason that passes (a full disk, a busy or restarting service),
/// said in words: retrying later can succeed. The SDK's own exception is not kept: its message runs to dozens of lines
/// of response headers, and every log and status that shows this one would show those too.
/// </summary>
public sealed class BlobStoreUnavailableException(string message) : IOException(message)
{
    /// <summary>Whether a status from the store is one that passes: a server error, a timeout, throttling.</summary>
    public static bool Passes(int status) => status is >= 500 or 408 or 429;

    /// <summary>"the blob store refused the write (HTTP 500; is its disk full?)": the one wording of such a refusal.</summary>
    /// <param name="operation">What was refused: "write", "read", "delete", "listing", or "request" when unknown.</param>
    public static string Describe(string operation, int status) => (operation, status) switch
    {
        // A full disk answers writes with 500 (Azurite) or 507; a read that fails with 500 says nothing about space.
        ("write" or "request", 500) or (_, 507) => $"the blob store refused the {operation} (HTTP {status}; is its disk full?)",
        _ => $"the blob store refused the {operation} (HTTP {status}; busy or unavailable)",
    };

    internal static BlobStoreUnavailableException Of(string operation, RequestFailedException refusal) =>
        new(Describe(operation, refusal.Status));
}
