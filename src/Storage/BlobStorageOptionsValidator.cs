using Microsoft.Extensions.Options;

namespace ImagePipeline.Storage;

/// <summary>Checks the settings that the chosen provider needs, which data annotations cannot express.</summary>
internal sealed class BlobStorageOptionsValidator : IValidateOptions<BlobStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, BlobStorageOptions options) => options.Provider switch
    {
        BlobStorageProvider.FileSystem when string.IsNullOrWhiteSpace(options.RootPath) =>
            ValidateOptionsResult.Fail("Storage:RootPath is required when Storage:Provider is FileSystem."),
        BlobStorageProvider.AzureBlob when string.IsNullOrWhiteSpace(options.ConnectionString) =>
            ValidateOptionsResult.Fail("Storage:ConnectionString is required when Storage:Provider is AzureBlob."),
        BlobStorageProvider.AzureBlob when !IsParsable(options.ConnectionString!) =>
            ValidateOptionsResult.Fail("Storage:ConnectionString is not a valid Azure Storage connection string (its value is not shown)."),
        _ => ValidateOptionsResult.Success,
    };

    private static bool IsParsable(string connectionString)
    {
        try
        {
            AzureConnection.CreateServiceClient(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
