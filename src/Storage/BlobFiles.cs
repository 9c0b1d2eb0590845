namespace ImagePipeline.Storage;

/// <summary>Moving bytes between a local file and any store through its streams: what a store does when it has no quicker way.</summary>
internal static class BlobFiles
{
    private const int BufferSize = 81920;

    public static async Task UploadByReadingAsync(IBlobStore store, string key, string sourcePath, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        var file = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
            await store.UploadAsync(key, file, condition, cancellationToken).ConfigureAwait(false);
    }

    public static async Task DownloadByReadingAsync(IBlobStore store, string key, string targetPath, CancellationToken cancellationToken)
    {
        // Opened first, so a missing blob leaves no empty file behind.
        var source = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var file = new FileStream(targetPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
                await source.CopyToAsync(file, BufferSize, cancellationToken).ConfigureAwait(false);
        }
    }
}
