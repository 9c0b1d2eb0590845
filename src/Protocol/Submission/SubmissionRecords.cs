using System.Runtime.CompilerServices;
using System.Text.Json;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;

namespace ImagePipeline.Protocol.Submission;

/// <summary>Reads and writes <see cref="SubmissionRecord"/>s; every rewrite is conditional on the version read, so the submitter and the saga host never overwrite each other.</summary>
public sealed class SubmissionRecords(IBlobStore blobs)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>The record's new ETag.</returns>
    /// <exception cref="BlobConditionFailedException">The record changed since <paramref name="etag"/> was read (or exists, when it is null).</exception>
    public async Task<string> WriteAsync(SubmissionRecord record, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(record, Json));
        return await blobs.UploadAsync(StoreLayout.Submission(record.JobId), content,
            etag is null ? BlobWriteCondition.IfNotExists : BlobWriteCondition.IfMatch(etag), cancellationToken).ConfigureAwait(false);
    }

    public async Task<(SubmissionRecord Record, string ETag)?> TryReadAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var blob = await blobs.TryReadVersionedAsync(StoreLayout.Submission(jobId), cancellationToken).ConfigureAwait(false);
        return blob is null || JsonSerializer.Deserialize<SubmissionRecord>(blob.Content, Json) is not { } record ? null : (record, blob.ETag);
    }

    public Task DeleteAsync(Guid jobId, CancellationToken cancellationToken) => blobs.DeleteAsync(StoreLayout.Submission(jobId), cancellationToken);

    /// <summary>The jobs with a record: submissions under way, and those that never completed.</summary>
    public async IAsyncEnumerable<Guid> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in blobs.ListKeysAsync(StoreLayout.SubmissionPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (StoreLayout.JobOfSubmission(key) is { } jobId)
                yield return jobId;
        }
    }
}
