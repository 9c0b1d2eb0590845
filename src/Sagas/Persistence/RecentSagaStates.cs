using ImagePipeline.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace ImagePipeline.Sagas.Persistence;

/// <summary>
/// The saga states this process read or wrote last, with their ETags, so that the next event of the same
/// saga skips reading its blob: one request per saga update instead of two. Safe while other processes
/// write the same sagas: every write is conditional on the remembered ETag, a refused write forgets the
/// entry, and the retry reads the blob. Outgoing messages wait in the outbox until the write succeeds,
/// so nothing decided on a stale state ever leaves.
/// </summary>
internal sealed class RecentSagaStates<TSaga> : IDisposable
    where TSaga : class
{
    /// <summary>About 1-2 KB each (a job of 10,000 images keeps 1.25 KB of bits): a few MB at most.</summary>
    internal const int Capacity = 4096;

    static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(5);

    readonly MemoryCache _states = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public VersionedBlob? TryGet(Guid correlationId) =>
        _states.TryGetValue(correlationId, out VersionedBlob? state) ? state : null;

    public void Remember(Guid correlationId, VersionedBlob state) =>
        _states.Set(correlationId, state, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = IdleLifetime });

    public void Forget(Guid correlationId) => _states.Remove(correlationId);

    public void Dispose() => _states.Dispose();
}
