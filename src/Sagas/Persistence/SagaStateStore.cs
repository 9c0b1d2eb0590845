using System.Text.Json;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Storage;
using MassTransit;

namespace ImagePipeline.Sagas.Persistence;

/// <summary>
/// Saga instances as JSON blobs, one per correlation id, written with optimistic concurrency on the blob's
/// ETag, in the format status readers expect of the documents (<see cref="StatusDocuments.Json"/>).
/// </summary>
public sealed class SagaStateStore<TSaga>
    where TSaga : class, IStoredSagaState
{
    readonly IBlobStore blobs;
    readonly RecentSagaStates<TSaga>? recent;

    /// <summary>Every read goes to the blob store: for tests and tools, which must see what any process wrote.</summary>
    public SagaStateStore(IBlobStore blobs)
        : this(blobs, recent: null)
    {
    }

    /// <param name="blobs">Where the states live.</param>
    /// <param name="recent">The states this process read or wrote last, for the saga repository: see <see cref="RecentSagaStates{TSaga}"/>.</param>
    internal SagaStateStore(IBlobStore blobs, RecentSagaStates<TSaga>? recent)
    {
        this.blobs = blobs;
        this.recent = recent;
    }

    public static string KeyFor(Guid correlationId) => TSaga.KeyOf(correlationId);

    public async Task<(TSaga Saga, string ETag)?> TryLoadAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        var blob = recent?.TryGet(correlationId)
            ?? await blobs.TryReadVersionedAsync(KeyFor(correlationId), cancellationToken).ConfigureAwait(false);
        if (blob is null)
            return null;

        recent?.Remember(correlationId, blob);

        var saga = JsonSerializer.Deserialize<TSaga>(blob.Content, StatusDocuments.Json)
            ?? throw new InvalidDataException($"Saga state {KeyFor(correlationId)} is empty.");
        return (saga, blob.ETag);
    }

    /// <summary>Writes the saga: create-only when <paramref name="expectedETag"/> is null, else only over that version.</summary>
    /// <exception cref="ConcurrencyException">Someone else created or changed it first; the message is retried.</exception>
    public async Task<string> WriteAsync(TSaga saga, string? expectedETag, CancellationToken cancellationToken)
    {
        var condition = expectedETag is null ? BlobWriteCondition.IfNotExists : BlobWriteCondition.IfMatch(expectedETag);
        var json = JsonSerializer.SerializeToUtf8Bytes(saga, StatusDocuments.Json);
        using var content = new MemoryStream(json, writable: false);
        try
        {
            var etag = await blobs.UploadAsync(KeyFor(saga.CorrelationId), content, condition, cancellationToken).ConfigureAwait(false);
            recent?.Remember(saga.CorrelationId, new VersionedBlob(json, etag));
            return etag;
        }
        catch (BlobConditionFailedException exception)
        {
            recent?.Forget(saga.CorrelationId);
            throw new ConcurrencyException("Saga state changed concurrently", typeof(TSaga), saga.CorrelationId, exception);
        }
        catch
        {
            recent?.Forget(saga.CorrelationId); // the write may or may not have landed
            throw;
        }
    }

    public async Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        recent?.Forget(correlationId);
        await blobs.DeleteAsync(KeyFor(correlationId), cancellationToken).ConfigureAwait(false);
    }
}
