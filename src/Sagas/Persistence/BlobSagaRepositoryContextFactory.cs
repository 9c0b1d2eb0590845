using MassTransit;
using MassTransit.Saga;

namespace ImagePipeline.Sagas.Persistence;

/// <summary>
/// A durable saga repository over the blob store. Only MassTransit's in-memory repository is
/// available here, and sagas must survive the death of the process hosting them.
/// </summary>
internal sealed class BlobSagaRepositoryContextFactory<TSaga>(
    SagaStateStore<TSaga> store,
    ISagaConsumeContextFactory<SagaStateStore<TSaga>, TSaga> consumeContextFactory)
    : ISagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, IStoredSagaState
{
    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class =>
        next.Send(new BlobSagaRepositoryContext<TSaga, T>(store, context, consumeContextFactory));

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        throw new NotSupportedException("The blob saga repository correlates by id only; queries are not supported.");

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new BlobLoadSagaRepositoryContext<TSaga>(store, cancellationToken));

    public void Probe(ProbeContext context) => context.Add("persistence", "blob");
}
