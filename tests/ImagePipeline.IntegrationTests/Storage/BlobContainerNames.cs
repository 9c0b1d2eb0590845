namespace ImagePipeline.IntegrationTests.Storage;

/// <summary>Blob container names unique to one test, so runs and parallel tests never share data.</summary>
internal static class BlobContainerNames
{
    public static string NewName() => $"test-{Guid.NewGuid():N}";
}
