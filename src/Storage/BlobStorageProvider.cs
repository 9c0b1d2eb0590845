namespace ImagePipeline.Storage;

public enum BlobStorageProvider
{
    /// <summary>Files under <see cref="BlobStorageOptions.RootPath"/>: the embedded single-process mode and tests.</summary>
    FileSystem,

    /// <summary>An Azure Blob Storage container (Azurite in development).</summary>
    AzureBlob,
}
