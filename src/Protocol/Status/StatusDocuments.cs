using System.Runtime.CompilerServices;
using System.Text.Json;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;

namespace ImagePipeline.Protocol.Status;

/// <summary>
/// The sagas' state documents as everyone else sees them: only the <c>status</c> each saga publishes in its own
/// document (<see cref="JobStatus"/>, <see cref="ImageStatus"/>), read straight from the blob store, so status works
/// from any machine and while no saga host runs. The sagas' other fields are theirs alone.
/// </summary>
public sealed class StatusDocuments(IBlobStore blobs)
{
    /// <summary>How the documents are written and read, by the sagas and by these readers alike.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public Task<JobStatus?> TryReadJobAsync(Guid jobId, CancellationToken cancellationToken) =>
        TryReadAsync<JobStatus>(StoreLayout.JobStatus(jobId), cancellationToken);

    public Task<ImageStatus?> TryReadImageAsync(Guid imageId, CancellationToken cancellationToken) =>
        TryReadAsync<ImageStatus>(StoreLayout.ImageStatus(imageId), cancellationToken);

    /// <summary>Every job that has a status, in no particular order.</summary>
    public async IAsyncEnumerable<Guid> ListJobsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in blobs.ListKeysAsync(StoreLayout.JobStatusPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (StoreLayout.JobOfStatus(key) is { } jobId)
                yield return jobId;
        }
    }

    async Task<T?> TryReadAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        var blob = await blobs.TryReadVersionedAsync(key, cancellationToken).ConfigureAwait(false);
        return blob is null ? null : JsonSerializer.Deserialize<Document<T>>(blob.Content, Json)?.Status;
    }

    sealed record Document<T>(T? Status);
}
