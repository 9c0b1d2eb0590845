using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

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

    private readonly SemaphoreSlim creating = new(1, 1);
    private volatile bool containerReady;

    /// <param name="connectionString">An Azure Storage connection string; it never appears in exceptions.</param>
    /// <param name="containerName">The container, created if missing.</param>
    public AzureBlobStore(string connectionString, string containerName)
        : this(CreateContainerClient(connectionString, containerName))
    {
    }

    public string ContainerName => container.Name;

    public async Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = BlobOf(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions { Conditions = ToRequestConditions(condition), TransferOptions = TransferOptions };
        var start = content.CanSeek ? content.Position : -1;
        try
        {
            Response<BlobContentInfo> response;
            try
            {
                response = await blob.UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (IsContainerGone(e) && condition.ExpectedETag is null && start >= 0)
            {
                // The container was deleted after this store made it (an emptied emulator, an operator's clean-up):
                // make it again and write once more, rather than fail every write for the life of the process.
                // A write that expects a version is not retried: that version went with the container.
                await RecreateContainerAsync(cancellationToken).ConfigureAwait(false);
                content.Position = start;
                response = await blob.UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
            }

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
    }

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
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        var blob = BlobOf(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        return (await blob.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var blob = BlobOf(key);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, cancellationToken).ConfigureAwait(false);
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

    // A container deleted under the store holds no keys, as a fresh one would not.
    private async Task<bool> NextOrGoneAsync(IAsyncEnumerator<BlobItem> items)
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
    }

    private BlobClient BlobOf(string key) => container.GetBlobClient(BlobKey.Validate(key));

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
        finally
        {
            creating.Release();
        }
    }

    private static BlobRequestConditions? ToRequestConditions(BlobWriteCondition condition) =>
        condition.RequireAbsent ? new BlobRequestConditions { IfNoneMatch = ETag.All }
        : condition.ExpectedETag is { } etag ? new BlobRequestConditions { IfMatch = new ETag(etag) }
        : null;

    private static BlobContainerClient CreateContainerClient(string connectionString, string containerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        return AzureConnection.CreateServiceClient(connectionString).GetBlobContainerClient(containerName);
    }
}
