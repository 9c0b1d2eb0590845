using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace ImagePipeline.Storage;

/// <summary>
/// Blobs as files under one root folder, for the embedded single-process mode and tests.
/// </summary>
/// <remarks>
/// Writes go to a temporary file in the target folder (flushed to disk, unless the store is thrown
/// away) and are then renamed into place, so readers see the old file or the new one. Conditions
/// are checked under a per-folder lock that also holds across processes, unless the store is thrown
/// away (see <see cref="FolderLock"/>);
/// create-only writes are additionally atomic at the file-system level (hard link, which fails when
/// the name exists).
/// The ETag is the hex SHA-256 of the content: rewriting identical bytes keeps it, so an
/// if-match write succeeds when the content is what the writer read, even if rewritten meanwhile.
/// A key cannot be both a blob and the folder of other blobs ("a" and "a/b"): that write fails
/// with an <see cref="IOException"/>. Files whose names are not valid keys ("~…" temporaries and
/// locks) are never listed.
/// </remarks>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const int BufferSize = 81920;

    private readonly string rootWithSeparator;
    private readonly bool throwaway;

    /// <param name="throwaway">
    /// True for a store thrown away with its process (<c>imagepipe run</c>'s temporary folder). A crash
    /// loses that store anyway, so it does not flush writes to disk (about 8 ms per 1.5 MB output on this
    /// project's machines; readers still see whole files: writes are renamed into place). Such a store is
    /// also private to its process (no other one knows its folder), so its commits are serialized within
    /// the process only, without a lock file (see <see cref="FolderLock"/>).
    /// </param>
    public FileSystemBlobStore(string rootPath, bool throwaway = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        RootPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootPath));
        rootWithSeparator = Path.EndsInDirectorySeparator(RootPath) ? RootPath : RootPath + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(RootPath);
        this.throwaway = throwaway;
    }

    public string RootPath { get; }

    public async Task<string> UploadAsync(string key, Stream content, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var etag = await WriteThroughTemporaryAsync(key, condition,
            async temporary => await WriteTemporaryAsync(temporary, content, flushToDisk: !throwaway, cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return etag!;
    }

    public Task UploadFileAsync(string key, string sourcePath, BlobWriteCondition condition, CancellationToken cancellationToken) =>
        WriteThroughTemporaryAsync(key, condition, async temporary =>
        {
            var file = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (file.ConfigureAwait(false))
                return await WriteTemporaryAsync(temporary, file, flushToDisk: !throwaway, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task DownloadToFileAsync(string key, string targetPath, CancellationToken cancellationToken) =>
        BlobFiles.DownloadByReadingAsync(this, key, targetPath, cancellationToken);

    public async Task CopyAsync(string sourceKey, string targetKey, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        BlobWriteCondition.EnsureCopyCondition(condition);
        // Through a temporary file and a rename like any write, so the copy is whole or absent, and hashed for its ETag.
        var source = await OpenReadAsync(sourceKey, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
            await UploadAsync(targetKey, source, condition, cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception e) when (IsMissing(e, path))
        {
            return Task.FromException<Stream>(new BlobNotFoundException(key, e));
        }
    }

    /// <summary>The ETag is the content's hash, so the whole file is read once for it before the range is.</summary>
    public async Task<VersionedBlobStream> OpenReadFromAsync(string key, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var stream = await OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            // Hashed through the open handle: a rewrite renames another file into place, so this one stays the version read.
            var etag = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            stream.Position = Math.Min(offset, stream.Length);
            return new VersionedBlobStream(stream, etag, stream.Length);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<VersionedBlob?> TryReadVersionedAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            // A committed file is never written in place (only replaced by rename), so its length is stable.
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var content = new byte[file.Length];
                await file.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
                return new VersionedBlob(content, Convert.ToHexStringLower(SHA256.HashData(content)));
            }
        }
        catch (Exception e) when (IsMissing(e, path))
        {
            return null;
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(PathOf(key)));

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            return;
        }

        using (await FolderLock.AcquireAsync(folder, acrossProcesses: !throwaway, cancellationToken).ConfigureAwait(false))
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folderKey = BlobKey.ValidatePrefix(prefix);
        var folder = folderKey.Length == 0 ? RootPath : PathOf(folderKey);
        var keys = await Task.Run(() => CollectKeys(folder, prefix, cancellationToken), cancellationToken).ConfigureAwait(false);
        foreach (var key in keys)
        {
            yield return key;
        }
    }

    private List<string> CollectKeys(string folder, string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        if (!Directory.Exists(folder))
        {
            return keys;
        }

        // Only descend into entries of the prefix's folder that can match, then take everything below them.
        var namePrefix = prefix[(prefix.LastIndexOf('/') + 1)..];
        var everything = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var here = new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos(namePrefix + "*", here))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!entry.Name.StartsWith(namePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var files = entry is DirectoryInfo directory ? directory.EnumerateFiles("*", everything) : [(FileInfo)entry];
            foreach (var file in files)
            {
                var key = Path.GetRelativePath(RootPath, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (BlobKey.IsValid(key))
                {
                    keys.Add(key);
                }
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    private static async Task CommitAsync(string key, string path, string temporary, BlobWriteCondition condition, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (condition.RequireAbsent)
        {
            try
            {
                // Without overwrite, .NET links the new name (link(2) fails if it exists) and then unlinks the temporary.
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException e) when (File.Exists(path) || Directory.Exists(path))
            {
                throw new BlobConditionFailedException(key, $"Blob '{key}' already exists.", e);
            }

            return;
        }

        if (condition.ExpectedETag is { } expected)
        {
            var current = await TryHashFileAsync(path, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                throw new BlobConditionFailedException(key, $"Blob '{key}' no longer exists; expected ETag {expected}.");
            }

            if (!string.Equals(current, expected, StringComparison.Ordinal))
            {
                throw new BlobConditionFailedException(key, $"Blob '{key}' has changed: ETag {current}, expected {expected}.");
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Every write: <paramref name="fillTemporary"/> puts the content into a new temporary file beside the
    /// blob, which is then committed under the folder's lock (see <see cref="CommitAsync"/>) or removed.
    /// </summary>
    /// <returns>What <paramref name="fillTemporary"/> returned: the content's ETag, or null when it has none.</returns>
    private async Task<string?> WriteThroughTemporaryAsync(string key, BlobWriteCondition condition, Func<string, Task<string?>> fillTemporary,
        CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Join(folder, $"~{Guid.NewGuid():N}.tmp");
        try
        {
            var etag = await fillTemporary(temporary).ConfigureAwait(false);
            using (await FolderLock.AcquireAsync(folder, acrossProcesses: !throwaway, cancellationToken).ConfigureAwait(false))
            {
                await CommitAsync(key, path, temporary, condition, cancellationToken).ConfigureAwait(false);
            }

            return etag;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<string> WriteTemporaryAsync(string temporary, Stream content, bool flushToDisk, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                // Durable before it becomes visible: a crash must not leave an empty file under the key.
                if (flushToDisk)
                    file.Flush(flushToDisk: true);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task<string?> TryHashFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (file.ConfigureAwait(false))
            {
                return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception e) when (IsMissing(e, path))
        {
            return null;
        }
    }

    private static bool IsMissing(Exception e, string path) =>
        e is FileNotFoundException or DirectoryNotFoundException
        || (e is UnauthorizedAccessException && Directory.Exists(path));

    private string PathOf(string key)
    {
        BlobKey.Validate(key);
        var path = Path.GetFullPath(Path.Join(RootPath, key));
        if (!path.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob key '{key}' resolves outside the store's root.", nameof(key));
        }

        return path;
    }
}
