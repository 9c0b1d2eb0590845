using System.ComponentModel.DataAnnotations;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Storage;

/// <summary>Builds the configured store outside dependency injection (the CLI, tests).</summary>
public static class BlobStoreFactory
{
    /// <param name="azureClient">For Azure Blob: the SDK's retries and transport; its defaults when null.</param>
    /// <exception cref="OptionsValidationException">The options are incomplete or invalid.</exception>
    public static IBlobStore Create(BlobStorageOptions options, BlobClientOptions? azureClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(result => result.ErrorMessage ?? "Invalid storage options."));
        }

        var custom = new BlobStorageOptionsValidator().Validate(Options.DefaultName, options);
        if (custom.Failed)
        {
            failures.AddRange(custom.Failures);
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(BlobStorageOptions), failures);
        }

        return options.Provider switch
        {
            BlobStorageProvider.FileSystem => new FileSystemBlobStore(options.RootPath!),
            BlobStorageProvider.AzureBlob => new AzureBlobStore(options.ConnectionString!, options.Container, azureClient),
            _ => throw new OptionsValidationException(Options.DefaultName, typeof(BlobStorageOptions), [$"Unknown Storage:Provider '{options.Provider}'."]),
        };
    }
}
