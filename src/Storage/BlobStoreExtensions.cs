namespace ImagePipeline.Storage;

public static class BlobStoreExtensions
{
    /// <summary>The whole content of a small blob (statistics, parameters, an encoded input).</summary>
    /// <exception cref="BlobNotFoundException">No blob has that key.</exception>
    public static async Task<byte[]> ReadAllBytesAsync(this IBlobStore blobs, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        await using var stream = await blobs.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
