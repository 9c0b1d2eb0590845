using ImagePipeline.Storage;

namespace ImagePipeline.Workers;

/// <summary>
/// A blob that work reads and cannot find is gone for good: every blob is stored before the message that names it is
/// sent, so a missing one was lost by the store (Azurite killed before it saved a write it had acknowledged) or never
/// stored. Retrying cannot bring it back, and a message held in retries looks to the stalled-job reconciler like work
/// no longer queued, so the work ends its image at once with a reason naming the blob, rather than retrying and then
/// parking the message in an error queue, where nothing would ever take it out.
/// </summary>
public static class MissingInputs
{
    public static bool AreGoneForGood(Exception exception) => exception is BlobNotFoundException;

    /// <summary>The failure reason: the storage exception's message names the key.</summary>
    public static string Reason(Exception exception) => $"its input is gone: {exception.Message}";
}
