using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Storage;

public static class BlobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="BlobStorageOptions"/> to the "Storage" section, validated at start-up, and
    /// registers <see cref="IBlobStore"/> as a singleton of the configured provider.
    /// </summary>
    /// <param name="azureClient">For Azure Blob: the SDK's retries and transport; its defaults when null.</param>
    public static IServiceCollection AddBlobStore(this IServiceCollection services, BlobClientOptions? azureClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<BlobStorageOptions>()
            .BindConfiguration(BlobStorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BlobStorageOptions>, BlobStorageOptionsValidator>());
        services.TryAddSingleton<IBlobStore>(provider =>
            BlobStoreFactory.Create(provider.GetRequiredService<IOptions<BlobStorageOptions>>().Value, azureClient));
        return services;
    }
}
