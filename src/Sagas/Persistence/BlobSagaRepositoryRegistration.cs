using ImagePipeline.Storage;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImagePipeline.Sagas.Persistence;

public static class BlobSagaRepositoryRegistration
{
    /// <summary>
    /// Stores this saga's instances in the blob store (see <see cref="SagaStateStore{TSaga}"/>), remembering
    /// the last state of each so that an update costs one request (see <see cref="RecentSagaStates{TSaga}"/>).
    /// </summary>
    public static void UseBlobStore<TSaga>(this ISagaRepositoryRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, IStoredSagaState
    {
        configurator.TryAddSingleton<RecentSagaStates<TSaga>>();
        configurator.TryAddSingleton(provider =>
            new SagaStateStore<TSaga>(provider.GetRequiredService<IBlobStore>(), provider.GetRequiredService<RecentSagaStates<TSaga>>()));
        configurator.RegisterLoadSagaRepository<TSaga, BlobSagaRepositoryContextFactory<TSaga>>();
        configurator.RegisterSagaRepository<TSaga, SagaStateStore<TSaga>,
            SagaConsumeContextFactory<SagaStateStore<TSaga>, TSaga>, BlobSagaRepositoryContextFactory<TSaga>>();
    }
}
