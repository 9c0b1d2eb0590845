using System.Runtime.CompilerServices;

namespace ImagePipeline.Storage;

/// <summary>
/// The one storage abstraction: inputs, intermediate tiles, outputs and saga state all live
/// behind it. Shaped like MassTransit's message-data repository: streams in and out and a
/// cancellation token on every call. Keys are '/'-separated relative paths checked by <see cref="BlobKey"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>Writes <paramref name="content"/> under <paramref name="key"/>, atomically: readers see the old blob or the new one, never a part.</summary>
    /// <returns>The ETag of the blob now stored.</returns>
    /// <exception cref="BlobConditionFailedException">The <paramref name="condition"/> did not hold; nothing was written.</exception>
    Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken);

    /// <summary>
    /// Copies one blob to another key inside the store, without its bytes passing through this process
    /// where the store can avoid it (Azure copies server-side); the target appears whole or not at all.
    /// </summary>
    /// <param name="condition">On the target: <see cref="BlobWriteCondition.None"/> or <see cref="BlobWriteCondition.IfNotExists"/>.</param>
    /// <exception cref="BlobNotFoundException">No blob has the source key.</exception>
    /// <exception cref="BlobConditionFailedException">The target exists and the condition asked that it not; nothing was written.</exception>
    Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken);

    /// <summary>Opens the blob for reading.</summary>
    /// <exception cref="BlobNotFoundException">No blob has that key.</exception>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the blob for reading from byte <paramref name="offset"/> on, with the ETag and length of the version read, so
    /// that a transfer cut short can go on from what it has when the blob is still the one it began with. An offset at
    /// or past the end gives an empty stream. Every store here reads the range in one request; this default reads the
    /// whole blob into memory.
    /// </summary>
    /// <exception cref="BlobNotFoundException">No blob has that key.</exception>
    Task<VersionedBlobStream> OpenReadFromAsync(string key, long offset, CancellationToken cancellationToken) =>
        BlobRanges.OpenFromVersionedAsync(this, key, offset, cancellationToken);

    /// <summary>
    /// Reads the <paramref name="length"/> bytes from <paramref name="offset"/> on: one small part of a blob
    /// that packs several, in one request where the store has ranged reads.
    /// </summary>
    /// <exception cref="BlobNotFoundException">No blob has that key.</exception>
    /// <exception cref="EndOfStreamException">The blob ends before the range does.</exception>
    Task<byte[]> ReadRangeAsync(string key, long offset, int length, CancellationToken cancellationToken) =>
        BlobRanges.ReadByOpeningAsync(this, key, offset, length, cancellationToken);

    /// <summary>
    /// Stores part <paramref name="part"/> of <paramref name="blob"/>. The parts are read together by
    /// <see cref="OpenPartsAsync"/>, once all are stored; storing a part again replaces it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The blob has no such part.</exception>
    Task StagePartAsync(PartedBlob blob, int part, Stream content, CancellationToken cancellationToken) =>
        StagedParts.StageAsBlobAsync(this, blob, part, content, cancellationToken);

    /// <summary>Opens the written parts of <paramref name="blob"/> (<see cref="PartedBlob.WrittenParts"/>), in part order, as one forward-only stream.</summary>
    /// <exception cref="BlobNotFoundException">A part was never stored (when opening, or when the read reaches it).</exception>
    Task<Stream> OpenPartsAsync(PartedBlob blob, CancellationToken cancellationToken) =>
        StagedParts.OpenPartByPart(this, blob, cancellationToken);

    /// <summary>Deletes every part of <paramref name="blob"/>; parts that do not exist are not an error.</summary>
    Task DeletePartsAsync(PartedBlob blob, CancellationToken cancellationToken) =>
        StagedParts.DeleteEachAsync(this, blob, cancellationToken);

    /// <summary>Reads a small blob whole together with its ETag, for optimistic concurrency; null when it does not exist.</summary>
    Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes the blob if it exists; deleting a missing blob is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Lists the keys that start with <paramref name="prefix"/>, in ordinal order.</summary>
    IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the folders directly below <paramref name="prefix"/> (which ends with '/'), each once as its prefix ending
    /// with '/', in ordinal order: "jobs/" gives "jobs/{job}/" for every job, without listing what each holds.
    /// </summary>
    async IAsyncEnumerable<string> ListFoldersAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        await foreach (var key in ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var end = key.IndexOf('/', prefix.Length);
            if (end < 0)
                continue;
            var folder = key[..(end + 1)];
            if (folder != last)
                yield return last = folder;
        }
    }

    /// <summary>Stores the content of a local file under <paramref name="key"/>, like <see cref="UploadAsync"/>.</summary>
    /// <exception cref="BlobConditionFailedException">The <paramref name="condition"/> did not hold; nothing was written.</exception>
    Task UploadFileAsync(string key, string sourcePath, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        BlobFiles.UploadByReadingAsync(this, key, sourcePath, condition, cancellationToken);

    /// <summary>Writes the blob to a new local file at <paramref name="targetPath"/>, which must not exist yet.</summary>
    /// <exception cref="BlobNotFoundException">No blob has that key; no file was created.</exception>
    /// <exception cref="IOException">A file already exists at <paramref name="targetPath"/>.</exception>
    Task DownloadToFileAsync(string key, string targetPath, CancellationToken cancellationToken) =>
        BlobFiles.DownloadByReadingAsync(this, key, targetPath, cancellationToken);
}
