namespace ImagePipeline.UnitTests.Support;

/// <summary>Azurite's development account: a key published in Azure's documentation, no secret, for stores at any address.</summary>
public static class AzuriteAccount
{
    /// <summary>The settings that point a process's blob store at <paramref name="endpoint"/> (http://host:port).</summary>
    public static Dictionary<string, string> Settings(string endpoint) => new()
    {
        ["IMAGEPIPE_Storage__Provider"] = "AzureBlob",
        ["IMAGEPIPE_Storage__ConnectionString"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint={endpoint}/devstoreaccount1;",
    };
}
