namespace ImagePipeline.Storage;

/// <summary>
/// The bytes of a blob from some offset on, with the ETag and whole length of the version they belong to:
/// what a transfer cut short needs to go on where it stopped, and to know it is still reading the same blob.
/// </summary>
public sealed class VersionedBlobStream(Stream content, string etag, long length) : IAsyncDisposable, IDisposable
{
    /// <summary>The bytes from the offset asked for to the end; empty when the offset is at or past the end.</summary>
    public Stream Content { get; } = content;

    public string ETag { get; } = etag;

    /// <summary>The length of the whole blob, not of <see cref="Content"/>.</summary>
    public long Length { get; } = length;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}
