using Azure.Storage.Blobs;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Storage;

namespace ImagePipeline.IntegrationTests.Storage;

/// <summary>The shared blob-store contract through <see cref="BlobStoreProxy"/>: a client sees Azurite itself, ranges and conditions included.</summary>
public sealed class ProxiedBlobStoreContractTests : BlobStoreContractTests
{
    BlobStoreProxy? _proxy;
    BlobContainerClient? _container;

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        _proxy = await BlobStoreProxy.StartAsync(TestEnvironment.BlobConnectionString);
        _container = new BlobServiceClient(_proxy.ConnectionString).GetBlobContainerClient(BlobContainerNames.NewName());
        return new AzureBlobStore(_container);
    }

    protected override async Task DisposeStoreAsync()
    {
        if (_container is not null)
            await _container.DeleteIfExistsAsync();
        if (_proxy is not null)
            await _proxy.DisposeAsync();
    }
}

public sealed class BlobStoreProxyTests : IAsyncLifetime
{
    readonly string _containerName = BlobContainerNames.NewName();
    BlobStoreProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await BlobStoreProxy.StartAsync(TestEnvironment.BlobConnectionString);

    [Fact]
    public async Task RefuseWrites_AnswersWritesWith500InWordsAndLetsReadsPass()
    {
        var options = new BlobClientOptions { Retry = { MaxRetries = 0 } };
        var store = new AzureBlobStore(_proxy.ConnectionString, _containerName, options);
        await store.UploadAsync("jobs/a/kept", new MemoryStream([1, 2, 3]), BlobWriteCondition.None, CancellationToken.None);

        _proxy.RefuseWrites = true;
        var refused = await Assert.ThrowsAsync<BlobStoreUnavailableException>(() =>
            store.UploadAsync("jobs/a/new", new MemoryStream([4]), BlobWriteCondition.IfNotExists, CancellationToken.None));
        var read = await store.ReadRangeAsync("jobs/a/kept", 1, 2, CancellationToken.None);
        _proxy.RefuseWrites = false;

        Assert.Equal("the blob store refused the write (HTTP 500; is its disk full?)", refused.Message);
        Assert.Equal([2, 3], read);
        Assert.Equal(1, _proxy.RefusedWrites);
        await store.UploadAsync("jobs/a/new", new MemoryStream([4]), BlobWriteCondition.IfNotExists, CancellationToken.None);
        Assert.True(await store.ExistsAsync("jobs/a/new", CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        await new BlobContainerClient(TestEnvironment.BlobConnectionString, _containerName).DeleteIfExistsAsync();
        await _proxy.DisposeAsync();
    }
}
