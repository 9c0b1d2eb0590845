using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace ImagePipeline.Storage;

/// <summary>
/// Blobs in one Azure Blob Storage container (or Azurite), created private on first use.
/// Uploads and downloads stream: an upload holds at most a few blocks in memory.
/// </summary>
public sealed class AzureBlobStore(BlobContainerClient container) : IBlobStore
{
    // Larger blobs go up as 4 MiB blocks, two at a time, committed at once (the commit carries the condition).
    private static readonly StorageTransferOptions TransferOptions = new()
    {
        InitialTransferSize = 8 * 1024 * 1024,
        MaximumTransferSize = 4 * 1024 * 1024,
        MaximumConcurrency = 2,
    };

    // The service commits at most 50,000 blocks into one blob; a blob of more parts keeps each as a blob of its own.
    private const int ServiceMaxBlocks = 50_000;

    private readonly int maxBlocks = ServiceMaxBlocks;
    private readonly SemaphoreSlim creating = new(1, 1);
    private volatile bool containerReady;

    /// <param name="connectionString">An Azure Storage connection string; it never appears in exceptions.</param>
    /// <param name="containerName">The container, created if missing.</param>
    /// <param name="clientOptions">The SDK's retries and transport; its defaults when null.</param>
    public AzureBlobStore(string connectionString, string containerName, BlobClientOptions? clientOptions = null)
        : this(CreateContainerClient(connectionString, containerName, clientOptions))
    {
    }

    /// <summary>For tests of what a blob of more parts than <paramref name="maxBlocks"/> does.</summary>
    internal AzureBlobStore(BlobContainerClient container, int maxBlocks)
        : this(container)
    {
        this.maxBlocks = maxBlocks;
    }

    public string ContainerName => container.Name;

    public async Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = BlobOf(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions { Conditions = ToRequestConditions(condition), TransferOptions = TransferOptions };
        try
        {
            // A write that expects a version is not made again in a new container: that version went with the old one.
            var response = await WriteAgainIfContainerGoneAsync(content, retry: condition.ExpectedETag is null,
                () => blob.UploadAsync(content, options, cancellationToken), cancellationToken).ConfigureAwait(false);
            return response.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 409 && condition.RequireAbsent)
        {
            throw new BlobConditionFailedException(key, $"Blob '{key}' already exists.", e);
        }
        catch (RequestFailedException e) when ((e.Status is 412 or 404) && condition.ExpectedETag is not null)
        {
            var why = e.Status == 404 ? "no longer exists" : "has changed";
            throw new BlobConditionFailedException(key, $"Blob '{key}' {why}; expected ETag {condition.ExpectedETag}.", e);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new BlobConditionFailedException(key, $"A write condition on blob '{key}' did not hold.", e);
        }
        catch (RequestFailedException e) when (BlobStoreUnavailableException.Passes(e.Status))
        {
            throw BlobStoreUnavailableException.Of("write", e);
        }
    }

    public async Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        BlobWriteCondition.EnsureCopyCondition(condition);
        var source = BlobOf(sourceKey);
        var target = BlobOf(targetKey);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobCopyFromUriOptions { DestinationConditions = ToRequestConditions(condition) };
        try
        {
            // Server-side: the service reads the source itself (same account, so the shared key suffices).
            // Within one account the copy has usually ended when the call returns, and the response says so
            // (x-ms-copy-status: success); only otherwise is it polled, which costs a request per poll.
            var copy = await target.StartCopyFromUriAsync(source.Uri, options, cancellationToken).ConfigureAwait(false);
            if (!EndedAtOnce(copy.GetRawResponse()))
                await copy.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(sourceKey, e);
        }
        catch (RequestFailedException e) when ((e.Status is 409 or 412) && condition.RequireAbsent)
        {
            throw new BlobConditionFailedException(targetKey, $"Blob '{targetKey}' already exists.", e);
        }
        catch (RequestFailedException e) when (BlobStoreUnavailableException.Passes(e.Status))
        {
            throw BlobStoreUnavailableException.Of("write", e);
        }
    }

    static bool EndedAtOnce(Response startResponse) =>
        startResponse.Headers.TryGetValue("x-ms-copy-status", out var status) && status == "success";

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var blob = BlobOf(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await blob.DownloadStreamingAsync(new BlobDownloadOptions(), cancellationToken).ConfigureAwait(false);
            return response.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(key, e);
        }
        catch (RequestFailedException e) when (BlobStoreUnavailableException.Passes(e.Status))
        {
            throw BlobStoreUnavailableException.Of("read", e);
        }
    }

    public async Task<VersionedBlobStream> OpenReadFromAsync(string key, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var blob = BlobOf(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // An offset of 0 is no range at all: the whole blob, which may be empty (a range of an empty blob is refused).
            var response = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(offset) }, cancellationToken)
                .ConfigureAwait(false);
            var details = response.Value.Details;
            return new VersionedBlobStream(response.Value.Content, details.ETag.ToString(), WholeLength(details));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(key, e);
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            // The range starts at or past the end: nothing is left to read, and the blob's properties say which version that is.
            try
            {
                var properties = await blob.GetPropertiesAsync(conditions: null, cancellationToken).ConfigureAwait(false);
                return new VersionedBlobStream(Stream.Null, properties.Value.ETag.ToString(), properties.Value.ContentLength);
            }
            catch (RequestFailedException gone) when (gone.Status == 404)
            {
                throw new BlobNotFoundException(key, gone);
            }
        }
    }

    // A ranged answer says the whole length after the slash of its Content-Range ("bytes 100-199/200"); a whole one is its own length.
    static long WholeLength(BlobDownloadDetails details) =>
        details.ContentRange is { } range && range.LastIndexOf('/') is var slash and >= 0
            && long.TryParse(range.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : details.ContentLength;

    public async Task<byte[]> ReadRangeAsync(string key, long offset, int length, CancellationToken cancellationToken)
    {
        BlobRanges.Validate(offset, length);
        var blob = BlobOf(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(offset, length) }, cancellationToken)
                .ConfigureAwait(false);
            await using var content = response.Value.Content;
            var bytes = new byte[length];
            // The service answers a range that runs past the end with the bytes there are.
            if (await content.ReadAtLeastAsync(bytes, length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < length)
                throw BlobRanges.EndsBefore(key, offset, length);
            return bytes;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BlobNotFoundException(key, e);
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            throw BlobRanges.EndsBefore(key, offset, length, e);
        }
        catch (RequestFailedException e) when (BlobStoreUnavailableException.Passes(e.Status))
        {
            throw BlobStoreUnavailableException.Of("read", e);
        }
    }

    /// <summary>A block of one block blob, committed by <see cref="OpenPartsAsync"/>; beyond the service's block limit, a blob per part.</summary>
    public async Task StagePartAsync(PartedBlob blob, int part, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (blob.PartCount > maxBlocks)
        {
            await StagedParts.StageAsBlobAsync(this, blob, part, content, cancellationToken).ConfigureAwait(false);
            return;
        }

        var id = BlockId(blob, part);
        var block = BlockBlobOf(blob.Key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteAgainIfContainerGoneAsync(content, retry: true,
                () => block.StageBlockAsync(id, content, options: null, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (BlobStoreUnavailableException.Passes(e.Status))
        {
            throw BlobStoreUnavailableException.Of("write", e);
        }
    }

    /// <summary>Commits the written parts' blocks in part order (again, harmlessly, on a redelivered assembly), then reads the blob in one request.</summary>
    public async Task<Stream> OpenPartsAsync(PartedBlob blob, CancellationToken cancellationToken)
    {
        if (blob.PartCount > maxBlocks)
            return await StagedParts.OpenPartByPart(this, blob, cancellationToken).ConfigureAwait(false);

        var block = BlockBlobOf(blob.Key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Each id is looked up among the staged blocks first, then the committed ones, so committing twice gives the same blob.
            await block.CommitBlockListAsync(blob.WrittenParts.Select(part => BlockId(blob, part)), options: null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.InvalidBlockList || IsContainerGone(e))
        {
            throw new BlobNotFoundException(blob.Key, e);
        }
        catch (RequestFailedException e) when (BlobStoreUnavailableException.Passes(e.Status))
        {
            throw BlobStoreUnavailableException.Of("write", e);
        }

        return await OpenReadAsync(blob.Key, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeletePartsAsync(PartedBlob blob, CancellationToken cancellationToken)
    {
        if (blob.PartCount > maxBlocks)
        {
            await StagedParts.DeleteEachAsync(this, blob, cancellationToken).ConfigureAwait(false);
            return;
        }

        var block = BlockBlobOf(blob.Key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Committing no blocks first drops the staged ones: deleting a blob that was never committed can leave
            // its staged blocks behind (the service keeps them up to a week; Azurite kept them past the delete in
            // the contract tests), and a later commit under the same name would take them up again.
            await block.CommitBlockListAsync([], options: null, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (IsContainerGone(e))
        {
            return;
        }
        catch (RequestFailedException e) when (BlobStoreUnavailableException.Passes(e.Status))
        {
            throw BlobStoreUnavailableException.Of("write", e);
        }

        await DeleteAsync(blob.Key, cancellationToken).ConfigureAwait(false);
    }

    public async Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken)
    {
        var blob = BlobOf(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return new VersionedBlob(response.Value.Content.ToArray(), response.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e) when (BlobStoreUnavailableException.Passes(e.Status))
        {
            throw BlobStoreUnavailableException.Of("read", e);
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        var blob = BlobOf(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (await blob.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (BlobStoreUnavailableException.Passes(e.Status))
        {
            throw BlobStoreUnavailableException.Of("read", e);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var blob = BlobOf(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (BlobStoreUnavailableException.Passes(e.Status))
        {
            throw BlobStoreUnavailableException.Of("delete", e);
        }
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        BlobKey.ValidatePrefix(prefix);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix };

        // The service lists in byte order of the names, which for valid (ASCII) keys is ordinal order.
        var items = container.GetBlobsAsync(options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using var _ = items.ConfigureAwait(false);
        while (await NextOrGoneAsync(items).ConfigureAwait(false))
        {
            if (BlobKey.IsValid(items.Current.Name))
            {
                yield return items.Current.Name;
            }
        }
    }

    /// <summary>One hierarchical listing: the service returns each folder as one prefix, not every blob below it.</summary>
    public async IAsyncEnumerable<string> ListFoldersAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        BlobKey.ValidatePrefix(prefix);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var items = container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix.Length == 0 ? null : prefix, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await using var _ = items.ConfigureAwait(false);
        while (await NextOrGoneAsync(items).ConfigureAwait(false))
        {
            if (items.Current.IsPrefix)
                yield return items.Current.Prefix;
        }
    }

    // A container deleted under the store holds no keys, as a fresh one would not.
    private async Task<bool> NextOrGoneAsync<T>(IAsyncEnumerator<T> items)
    {
        try
        {
            return await items.MoveNextAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (IsContainerGone(e))
        {
            containerReady = false;
            return false;
        }
        catch (RequestFailedException e) when (BlobStoreUnavailableException.Passes(e.Status))
        {
            throw BlobStoreUnavailableException.Of("listing", e);
        }
    }

    private BlobClient BlobOf(string key) => container.GetBlobClient(BlobKey.Validate(key));

    private BlockBlobClient BlockBlobOf(string key) => container.GetBlockBlobClient(BlobKey.Validate(key));

    // The ids of one blob's blocks must all have the same length; six digits hold every part under the limit.
    private static string BlockId(PartedBlob blob, int part)
    {
        blob.EnsureHasPart(part);
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"part{part:D6}")));
    }

    /// <summary>
    /// Runs <paramref name="write"/>; when the container was deleted after this store made it (an emptied
    /// emulator, an operator's clean-up), makes it again and writes once more, rather than fail every write
    /// for the life of the process. Only content that can be rewound is written twice.
    /// </summary>
    private async Task<T> WriteAgainIfContainerGoneAsync<T>(Stream content, bool retry, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        var start = content.CanSeek ? content.Position : -1;
        try
        {
            return await write().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (IsContainerGone(e) && retry && start >= 0)
        {
            await RecreateContainerAsync(cancellationToken).ConfigureAwait(false);
            content.Position = start;
            return await write().ConfigureAwait(false);
        }
    }

    private static bool IsContainerGone(RequestFailedException e) =>
        e.Status == 404 && e.ErrorCode == BlobErrorCode.ContainerNotFound;

    private async Task RecreateContainerAsync(CancellationToken cancellationToken)
    {
        containerReady = false;
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (containerReady)
        {
            return;
        }

        await creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!containerReady)
            {
                await container.CreateIfNotExistsAsync(PublicAccessType.None, metadata: null, encryptionScopeOptions: null, cancellationToken).ConfigureAwait(false);
                containerReady = true;
            }
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
            // Credentials scoped to the container (a SAS) may not create it: assume it exists; operations will tell otherwise.
            containerReady = true;
        }
        catch (RequestFailedException e) when (BlobStoreUnavailableException.Passes(e.Status))
        {
            throw BlobStoreUnavailableException.Of("write", e);
        }
        finally
        {
            creating.Release();
        }
    }

    private static BlobRequestConditions? ToRequestConditions(BlobWriteCondition condition) =>
        condition.RequireAbsent ? new BlobRequestConditions { IfNoneMatch = ETag.All }
        : condition.ExpectedETag is { } etag ? new BlobRequestConditions { IfMatch = new ETag(etag) }
        : null;

    private static BlobContainerClient CreateContainerClient(string connectionString, string containerName, BlobClientOptions? clientOptions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        return AzureConnection.CreateServiceClient(connectionString, clientOptions).GetBlobContainerClient(containerName);
    }
}
