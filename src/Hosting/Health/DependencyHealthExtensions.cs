using Azure.Core;
using Azure.Storage.Blobs;
using ImagePipeline.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImagePipeline.Hosting.Health;

public static class DependencyHealthExtensions
{
    /// <summary>
    /// The configured blob store (<see cref="BlobStoreServiceCollectionExtensions.AddBlobStore"/>), with its outages
    /// recorded and logged: one unavailable for longer than <see cref="UnavailableDependencies.Threshold"/> is logged,
    /// then again every minute while it lasts.
    /// </summary>
    public static IServiceCollection AddBlobStoreWithHealth(this IServiceCollection services)
    {
        var responses = new StoreResponses();
        var client = new BlobClientOptions();
        client.AddPolicy(responses, HttpPipelinePosition.PerRetry);
        services.AddBlobStore(client);

        var store = services.Last(service => service.ServiceType == typeof(IBlobStore));
        services.Remove(store);
        services.AddSingleton<IBlobStore>(provider => new HealthReportingBlobStore(Create(provider, store), provider.GetRequiredService<UnavailableDependencies>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var health = ActivatorUtilities.CreateInstance<UnavailableDependencies>(provider);
            responses.Health = health;
            return health;
        });
        services.AddHostedService<BlobStoreProbe>();
        return services;
    }

    /// <summary>
    /// The broker's outages recorded and logged beside the blob store's; needs <see cref="AddBlobStoreWithHealth"/>,
    /// which registers the record (<see cref="UnavailableDependencies"/>) and the timer that reports it.
    /// </summary>
    public static IServiceCollection AddBrokerHealth(this IServiceCollection services) =>
        services.AddReceiveEndpointObserver(provider => new BrokerHealthObserver(provider.GetRequiredService<UnavailableDependencies>()));

    static IBlobStore Create(IServiceProvider provider, ServiceDescriptor store) =>
        (IBlobStore)(store.ImplementationInstance
            ?? store.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, store.ImplementationType!));
}
