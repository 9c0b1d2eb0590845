using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace ImagePipeline.Sagas.Persistence;

/// <summary>
/// One message's view of the repository. The ETag read at load time travels as a payload and
/// guards the write at the end: a conflicting write throws <see cref="ConcurrencyException"/>,
/// and the saga endpoint's retry policy replays the message against fresh state.
/// </summary>
internal sealed class BlobSagaRepositoryContext<TSaga, TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, IStoredSagaState
    where TMessage : class
{
    readonly SagaStateStore<TSaga> store;
    readonly ConsumeContext<TMessage> consumeContext;
    readonly ISagaConsumeContextFactory<SagaStateStore<TSaga>, TSaga> factory;

    public BlobSagaRepositoryContext(SagaStateStore<TSaga> store, ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<SagaStateStore<TSaga>, TSaga> factory)
        : base(consumeContext)
    {
        this.store = store;
        this.consumeContext = consumeContext;
        this.factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        try
        {
            var etag = await store.WriteAsync(instance, expectedETag: null, CancellationToken).ConfigureAwait(false);
            return await CreateWithETag(instance, etag, SagaConsumeContextMode.Insert).ConfigureAwait(false);
        }
        catch (ConcurrencyException)
        {
            return default!; // already there: MassTransit then loads it
        }
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var loaded = await store.TryLoadAsync(correlationId, CancellationToken).ConfigureAwait(false);
        if (loaded is not { } found)
            return default!;

        return await CreateWithETag(found.Saga, found.ETag, SagaConsumeContextMode.Load).ConfigureAwait(false);
    }

    public Task Save(SagaConsumeContext<TSaga> context) =>
        store.WriteAsync(context.Saga, expectedETag: null, context.CancellationToken);

    public async Task Update(SagaConsumeContext<TSaga> context)
    {
        var etag = context.TryGetPayload<SagaETag>(out var loaded) ? loaded.Value : null;
        var written = await store.WriteAsync(context.Saga, etag, context.CancellationToken).ConfigureAwait(false);
        var current = new SagaETag(written);
        context.AddOrUpdatePayload(() => current, _ => current);
    }

    public Task Delete(SagaConsumeContext<TSaga> context) =>
        store.DeleteAsync(context.Saga.CorrelationId, context.CancellationToken);

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(store, consumeContext, instance, mode);

    async Task<SagaConsumeContext<TSaga, TMessage>> CreateWithETag(TSaga saga, string etag, SagaConsumeContextMode mode)
    {
        var sagaContext = await factory.CreateSagaConsumeContext(store, consumeContext, saga, mode).ConfigureAwait(false);
        var version = new SagaETag(etag);
        sagaContext.AddOrUpdatePayload(() => version, _ => version);
        return sagaContext;
    }
}
