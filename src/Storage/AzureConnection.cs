using Azure.Storage.Blobs;

namespace ImagePipeline.Storage;

internal static class AzureConnection
{
    /// <summary>Parses a connection string without ever echoing it: it may hold an account key.</summary>
    /// <param name="clientOptions">The SDK's retries and transport; its defaults when null.</param>
    public static BlobServiceClient CreateServiceClient(string connectionString, BlobClientOptions? clientOptions = null)
    {
        try
        {
            return new BlobServiceClient(connectionString, clientOptions);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or UriFormatException)
        {
            // The inner exception is dropped on purpose: parser messages may quote the value.
            throw new ArgumentException(
                "The Azure Storage connection string is not valid (its value is not shown).", nameof(connectionString));
        }
    }
}
