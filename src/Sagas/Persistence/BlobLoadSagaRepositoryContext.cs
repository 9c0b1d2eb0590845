using MassTransit.Middleware;
using MassTransit.Saga;

namespace ImagePipeline.Sagas.Persistence;

internal sealed class BlobLoadSagaRepositoryContext<TSaga>(SagaStateStore<TSaga> store, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<TSaga>
    where TSaga : class, IStoredSagaState
{
    public async Task<TSaga> Load(Guid correlationId)
    {
        var loaded = await store.TryLoadAsync(correlationId, CancellationToken).ConfigureAwait(false);
        return loaded?.Saga!;
    }
}
