using System.Runtime.CompilerServices;
using System.Text.Json;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;

namespace ImagePipeline.Protocol.Submission;

/// <summary>Reads and writes submissions' <see cref="SubmissionRecord"/>s and <see cref="SubmissionProgress"/>.</summary>
public sealed class SubmissionRecords(IBlobStore blobs)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="replace">Write over a record left by an earlier submission of the same job; otherwise create only.</param>
    /// <exception cref="BlobConditionFailedException">A record exists and <paramref name="replace"/> is false.</exception>
    public Task WriteAsync(SubmissionRecord record, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return WriteJsonAsync(StoreLayout.Submission(record.JobId), record, replace ? BlobWriteCondition.None : BlobWriteCondition.IfNotExists,
            cancellationToken);
    }

    public async Task<SubmissionRecord?> TryReadAsync(Guid jobId, CancellationToken cancellationToken) =>
        (await TryReadJsonAsync<SubmissionRecord>(StoreLayout.Submission(jobId), cancellationToken).ConfigureAwait(false))?.Value;

    /// <returns>The progress blob's new ETag.</returns>
    /// <exception cref="BlobConditionFailedException">It changed since <paramref name="etag"/> was read (or exists, when it is null).</exception>
    public Task<string> WriteProgressAsync(SubmissionProgress progress, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return WriteJsonAsync(StoreLayout.SubmissionProgress(progress.JobId), progress,
            etag is null ? BlobWriteCondition.IfNotExists : BlobWriteCondition.IfMatch(etag), cancellationToken);
    }

    public Task<(SubmissionProgress Value, string ETag)?> TryReadProgressAsync(Guid jobId, CancellationToken cancellationToken) =>
        TryReadJsonAsync<SubmissionProgress>(StoreLayout.SubmissionProgress(jobId), cancellationToken);

    /// <summary>Removes the record, then its progress: a progress without a record is never looked at.</summary>
    public async Task DeleteAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await blobs.DeleteAsync(StoreLayout.Submission(jobId), cancellationToken).ConfigureAwait(false);
        await blobs.DeleteAsync(StoreLayout.SubmissionProgress(jobId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The jobs with a record: submissions under way, and those that never completed.</summary>
    public async IAsyncEnumerable<Guid> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in blobs.ListKeysAsync(StoreLayout.SubmissionPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (StoreLayout.JobOfSubmission(key) is { } jobId)
                yield return jobId;
        }
    }

    /// <summary>
    /// The jobs with a progress but no record: left by a removal (<see cref="DeleteAsync"/>) that stopped half-way,
    /// or, for a moment, by one under way. Listing is not atomic, so a submission starting meanwhile may show here too:
    /// read the progress before deciding anything.
    /// </summary>
    public async IAsyncEnumerable<Guid> ListProgressWithoutRecordAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var recorded = new HashSet<Guid>();
        var progressed = new List<Guid>();
        await foreach (var key in blobs.ListKeysAsync(StoreLayout.SubmissionPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (StoreLayout.JobOfSubmission(key) is { } recordOf)
                recorded.Add(recordOf);
            else if (StoreLayout.JobOfSubmissionProgress(key) is { } progressOf)
                progressed.Add(progressOf);
        }

        foreach (var jobId in progressed.Where(jobId => !recorded.Contains(jobId)))
            yield return jobId;
    }

    /// <summary>Removes a progress left without its record (<see cref="ListProgressWithoutRecordAsync"/>).</summary>
    public Task DeleteProgressAsync(Guid jobId, CancellationToken cancellationToken) =>
        blobs.DeleteAsync(StoreLayout.SubmissionProgress(jobId), cancellationToken);

    async Task<string> WriteJsonAsync<T>(string key, T value, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(value, Json));
        return await blobs.UploadAsync(key, content, condition, cancellationToken).ConfigureAwait(false);
    }

    async Task<(T Value, string ETag)?> TryReadJsonAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        var blob = await blobs.TryReadVersionedAsync(key, cancellationToken).ConfigureAwait(false);
        return blob is null || JsonSerializer.Deserialize<T>(blob.Content, Json) is not { } value ? null : (value, blob.ETag);
    }
}
