using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Storage;

namespace ImagePipeline.IntegrationTests.Storage;

/// <summary>What only the Azure store does; the shared behaviour is in <see cref="AzureBlobStoreContractTests"/>.</summary>
public sealed class AzureBlobStoreTests : IAsyncLifetime
{
    private readonly string containerName = BlobContainerNames.NewName();
    private BlobContainerClient container = null!;

    public Task InitializeAsync()
    {
        container = new BlobServiceClient(TestEnvironment.BlobConnectionString).GetBlobContainerClient(containerName);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await container.DeleteIfExistsAsync();

    [Fact]
    public async Task FirstUse_CreatesPrivateContainer()
    {
        var store = new AzureBlobStore(TestEnvironment.BlobConnectionString, containerName);

        await store.UploadAsync("first", new MemoryStream([1]), BlobWriteCondition.None, CancellationToken.None);

        var policy = await container.GetAccessPolicyAsync();
        Assert.Equal(PublicAccessType.None, policy.Value.BlobPublicAccess);
    }

    [Fact]
    public async Task Reads_BeforeAnyWrite_ReportMissingBlob()
    {
        var store = new AzureBlobStore(container);

        await Assert.ThrowsAsync<BlobNotFoundException>(() => store.OpenReadAsync("any", CancellationToken.None));
        Assert.Null(await store.TryReadVersionedAsync("any", CancellationToken.None));
        Assert.False(await store.ExistsAsync("any", CancellationToken.None));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_AfterContainerWasDeleted_MakesItAgain(bool requireAbsent)
    {
        var store = new AzureBlobStore(container);
        await store.UploadAsync("before", new MemoryStream([1]), BlobWriteCondition.None, CancellationToken.None);
        await container.DeleteAsync();

        var condition = requireAbsent ? BlobWriteCondition.IfNotExists : BlobWriteCondition.None;
        await store.UploadAsync("after", new MemoryStream([2, 3]), condition, CancellationToken.None);

        Assert.Equal([2, 3], (await store.TryReadVersionedAsync("after", CancellationToken.None))!.Content);
        Assert.False(await store.ExistsAsync("before", CancellationToken.None));
    }

    [Fact]
    public async Task VersionedWrite_AfterContainerWasDeleted_FailsItsCondition()
    {
        var store = new AzureBlobStore(container);
        var etag = await store.UploadAsync("state", new MemoryStream([1]), BlobWriteCondition.None, CancellationToken.None);
        await container.DeleteAsync();

        // The version it expects went with the container: writing it anew would lose whatever it replaced.
        await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            store.UploadAsync("state", new MemoryStream([2]), BlobWriteCondition.IfMatch(etag), CancellationToken.None));
    }

    [Fact]
    public async Task List_AfterContainerWasDeleted_IsEmpty()
    {
        var store = new AzureBlobStore(container);
        await store.UploadAsync("jobs/a", new MemoryStream([1]), BlobWriteCondition.None, CancellationToken.None);
        await container.DeleteAsync();

        Assert.Empty(await store.ListKeysAsync("jobs/", CancellationToken.None).ToListAsync());
        await store.UploadAsync("jobs/b", new MemoryStream([2]), BlobWriteCondition.None, CancellationToken.None);
        Assert.Equal(["jobs/b"], await store.ListKeysAsync("jobs/", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task CopyAsync_ThatEndsAtOnce_IsOneRequest()
    {
        var requests = new RequestLog();
        var store = StoreLogging(requests);
        await store.UploadAsync("kept", new MemoryStream(new byte[100_000]), BlobWriteCondition.None, CancellationToken.None);
        requests.Methods.Clear();

        await store.CopyAsync("kept", "served", BlobWriteCondition.IfNotExists, CancellationToken.None);

        // The copy request only: no status poll after a response that says the copy has ended.
        Assert.Equal(["PUT"], requests.Methods);
        Assert.True(await store.ExistsAsync("served", CancellationToken.None));
    }

    [Fact]
    public async Task StagedParts_AreBlocksOfOneBlob_ReadInOneRequest()
    {
        var requests = new RequestLog();
        var store = StoreLogging(requests);
        var blob = new PartedBlob("jobs/1/results/0/tiles", 3);
        await store.UploadAsync("first", new MemoryStream([0]), BlobWriteCondition.None, CancellationToken.None);
        requests.Methods.Clear();

        for (var part = 0; part < 3; part++)
            await store.StagePartAsync(blob, part, new MemoryStream([(byte)part, (byte)part]), CancellationToken.None);
        Assert.Equal(["PUT", "PUT", "PUT"], requests.Methods);
        requests.Methods.Clear();

        await using (var parts = await store.OpenPartsAsync(blob, CancellationToken.None))
        {
            using var read = new MemoryStream();
            await parts.CopyToAsync(read);
            Assert.Equal([0, 0, 1, 1, 2, 2], read.ToArray());
        }

        // The block list's commit, then one read of the blob.
        Assert.Equal(["PUT", "GET"], requests.Methods);
        Assert.Equal(["jobs/1/results/0/tiles"], await store.ListKeysAsync("jobs/", CancellationToken.None).ToListAsync());
        requests.Methods.Clear();

        await store.DeletePartsAsync(blob, CancellationToken.None);

        Assert.Equal(["PUT", "DELETE"], requests.Methods);
        Assert.Empty(await store.ListKeysAsync("jobs/", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task StagedParts_BeyondTheBlockLimit_AreABlobEach()
    {
        var store = new AzureBlobStore(container, maxBlocks: 2);
        var blob = new PartedBlob("jobs/1/results/0/tiles", 3);

        foreach (var part in new[] { 2, 0, 1 })
            await store.StagePartAsync(blob, part, new MemoryStream([(byte)part]), CancellationToken.None);

        Assert.Equal(["jobs/1/results/0/tiles/0", "jobs/1/results/0/tiles/1", "jobs/1/results/0/tiles/2"],
            await store.ListKeysAsync("jobs/", CancellationToken.None).ToListAsync());
        await using (var parts = await store.OpenPartsAsync(blob, CancellationToken.None))
        {
            using var read = new MemoryStream();
            await parts.CopyToAsync(read);
            Assert.Equal([0, 1, 2], read.ToArray());
        }

        await store.DeletePartsAsync(blob, CancellationToken.None);
        Assert.Empty(await store.ListKeysAsync("jobs/", CancellationToken.None).ToListAsync());
    }

    private AzureBlobStore StoreLogging(RequestLog requests)
    {
        var options = new BlobClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        return new AzureBlobStore(new BlobServiceClient(TestEnvironment.BlobConnectionString, options).GetBlobContainerClient(containerName));
    }

    /// <summary>The HTTP method of every request the client sends.</summary>
    private sealed class RequestLog : HttpPipelineSynchronousPolicy
    {
        public List<string> Methods { get; } = [];

        public override void OnSendingRequest(HttpMessage message) => Methods.Add(message.Request.Method.Method);
    }

    [Fact]
    public async Task OpenReadAsync_StreamsWithoutReadingWholeBlobFirst()
    {
        var store = new AzureBlobStore(container);
        var content = new byte[6 * 1024 * 1024];
        Random.Shared.NextBytes(content);
        await store.UploadAsync("big", new MemoryStream(content), BlobWriteCondition.None, CancellationToken.None);

        await using var stream = await store.OpenReadAsync("big", CancellationToken.None);
        var head = new byte[16];
        await stream.ReadExactlyAsync(head);

        Assert.False(stream.CanSeek);
        Assert.Equal(content[..16], head);
    }

    [Fact]
    public async Task ConditionFailure_DoesNotExposeConnectionString()
    {
        var store = new AzureBlobStore(TestEnvironment.BlobConnectionString, containerName);
        await store.UploadAsync("once", new MemoryStream([1]), BlobWriteCondition.IfNotExists, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            store.UploadAsync("once", new MemoryStream([2]), BlobWriteCondition.IfNotExists, CancellationToken.None));

        var accountKey = TestEnvironment.BlobConnectionString.Split(';')
            .Single(part => part.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];
        Assert.DoesNotContain(accountKey, failure.ToString(), StringComparison.Ordinal);
    }
}
