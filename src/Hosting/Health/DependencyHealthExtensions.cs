using ImagePipeline.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImagePipeline.Hosting.Health;

public static class DependencyHealthExtensions
{
    /// <summary>
    /// Logs a dependency unavailable for longer than <see cref="UnavailableDependencies.Threshold"/>, every minute while
    /// it lasts, by wrapping the <see cref="IBlobStore"/> registered before this call.
    /// </summary>
    public static IServiceCollection AddDependencyHealth(this IServiceCollection services)
    {
        var store = services.LastOrDefault(service => service.ServiceType == typeof(IBlobStore))
            ?? throw new InvalidOperationException("Register the blob store before its health.");
        services.Remove(store);
        services.AddSingleton<IBlobStore>(provider => new HealthReportingBlobStore(Create(provider, store), provider.GetRequiredService<UnavailableDependencies>()));
        services.AddSingleton<UnavailableDependencies>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<BlobStoreProbe>();
        return services;
    }

    static IBlobStore Create(IServiceProvider provider, ServiceDescriptor store) =>
        (IBlobStore)(store.ImplementationInstance
            ?? store.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, store.ImplementationType!));
}
