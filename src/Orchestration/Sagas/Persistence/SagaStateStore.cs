using System.Text.Json;
using ImagePipeline.Storage;
using MassTransit;

namespace ImagePipeline.Orchestration.Sagas.Persistence;

/// <summary>
/// Saga instances as JSON blobs, one per correlation id, written with optimistic concurrency
/// on the blob's ETag. Shared by the saga repository (writes) and status queries (reads).
/// </summary>
public sealed class SagaStateStore<TSaga>(IBlobStore blobs)
    where TSaga : class, ISaga
{
    static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    public static string KeyFor(Guid correlationId) => SagaKeys.For<TSaga>(correlationId);

    public async Task<(TSaga Saga, string ETag)?> TryLoadAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        var blob = await blobs.TryReadVersionedAsync(KeyFor(correlationId), cancellationToken).ConfigureAwait(false);
        if (blob is null)
            return null;

        var saga = JsonSerializer.Deserialize<TSaga>(blob.Content, SerializerOptions)
            ?? throw new InvalidDataException($"Saga state {KeyFor(correlationId)} is empty.");
        return (saga, blob.ETag);
    }

    /// <summary>Writes the saga: create-only when <paramref name="expectedETag"/> is null, else only over that version.</summary>
    /// <exception cref="ConcurrencyException">Someone else created or changed it first; the message is retried.</exception>
    public async Task<string> WriteAsync(TSaga saga, string? expectedETag, CancellationToken cancellationToken)
    {
        var condition = expectedETag is null ? BlobWriteCondition.IfNotExists : BlobWriteCondition.IfMatch(expectedETag);
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(saga, SerializerOptions));
        try
        {
            return await blobs.UploadAsync(KeyFor(saga.CorrelationId), content, condition, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException exception)
        {
            throw new ConcurrencyException("Saga state changed concurrently", typeof(TSaga), saga.CorrelationId, exception);
        }
    }

    public Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken) =>
        blobs.DeleteAsync(KeyFor(correlationId), cancellationToken);
}
