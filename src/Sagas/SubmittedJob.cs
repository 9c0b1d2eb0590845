using System.Text.Json;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Storage;

namespace ImagePipeline.Sagas;

/// <summary>
/// A job as its manifest describes it: only the fields the saga host needs, read by name, since the manifest is the
/// client's document.
/// </summary>
internal sealed record SubmittedJob(string Operation, DateTimeOffset SubmittedAt, IReadOnlyList<SubmittedImage> Images)
{
    /// <summary>Null while there is no manifest (a submission under way, or one that never completed).</summary>
    public static async Task<SubmittedJob?> TryReadAsync(IBlobStore blobs, Guid jobId, CancellationToken cancellationToken)
    {
        var blob = await blobs.TryReadVersionedAsync(StoreLayout.Manifest(jobId), cancellationToken).ConfigureAwait(false);
        return blob is null ? null : JsonSerializer.Deserialize<SubmittedJob>(blob.Content, StatusDocuments.Json);
    }
}

internal sealed record SubmittedImage(int Index, Guid ImageId, string OutputKey);
