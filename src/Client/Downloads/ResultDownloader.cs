using ImagePipeline.Client.Progress;
using ImagePipeline.Storage;

namespace ImagePipeline.Client.Downloads;

/// <summary>
/// Copies a job's finished outputs into a local folder, each file appearing whole or not at all. A file grows under
/// a partial name (<see cref="PartialFiles"/>) and is renamed into place once whole. A transfer cut short by the
/// network or the store goes on from what it has, a few times; one that fails for good or is cancelled removes its
/// partial file; one left behind by a killed process is resumed by the next download, or restarted if the blob changed.
/// </summary>
public sealed class ResultDownloader(IBlobStore blobs)
{
    /// <summary>Downloads wait on the network, not the CPU: a few at once hide the latency of each.</summary>
    const int Parallelism = 8;

    const int CopyBufferSize = 81920;

    /// <summary>The waits before each retry of an interrupted transfer; the store's client has retried each request already.</summary>
    internal IReadOnlyList<TimeSpan> RetryDelays { get; init; } = [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>Downloads every output <paramref name="progress"/> shows done, a few at a time.</summary>
    /// <returns>The paths written.</returns>
    /// <exception cref="DownloadFailedException">An output could not be read from the store, even after retries.</exception>
    public async Task<IReadOnlyList<string>> DownloadAsync(JobManifest manifest, JobProgress progress, string outputFolder,
        CancellationToken cancellationToken)
    {
        var root = CreateFolder(outputFolder);
        var done = progress.Images.Where(image => image.Outcome == ImageOutcome.Done).ToArray();
        var written = new string[done.Length];
        await Parallel.ForAsync(0, done.Length, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, token) => written[i] = await DownloadOneAsync(manifest, done[i], root, token).ConfigureAwait(false)).ConfigureAwait(false);
        return written;
    }

    /// <summary>The folder, created if needed, as the full path that <see cref="DownloadOneAsync"/> takes.</summary>
    public static string CreateFolder(string outputFolder) => Directory.CreateDirectory(Path.GetFullPath(outputFolder)).FullName;

    /// <summary>Downloads the output of one image that is done into <paramref name="root"/>.</summary>
    /// <returns>The path written.</returns>
    /// <exception cref="DownloadFailedException">The output could not be read from the store, even after retries.</exception>
    /// <exception cref="OutputMissingException">The store has no output for the image.</exception>
    public async Task<string> DownloadOneAsync(JobManifest manifest, ImageProgress image, string root, CancellationToken cancellationToken)
    {
        var target = SafeTarget(root, image.OutputName);
        var key = manifest.Images[image.Index].OutputKey;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    File.Move(await TransferAsync(key, target, cancellationToken).ConfigureAwait(false), target, overwrite: true);
                    return target;
                }
                catch (TransferInterruptedException) when (attempt <= RetryDelays.Count)
                {
                    await Task.Delay(RetryDelays[attempt - 1], cancellationToken).ConfigureAwait(false);
                }
                catch (TransferInterruptedException interrupted)
                {
                    throw new DownloadFailedException(Path.GetFileName(target), attempt, interrupted.InnerException!);
                }
                catch (BlobNotFoundException missing)
                {
                    throw new OutputMissingException(Path.GetFileName(target), key, missing);
                }
            }
        }
        catch
        {
            // Failed for good or cancelled: no partial file outlives this download (only a kill leaves one, for the next to resume).
            PartialFiles.DeleteAll(target);
            throw;
        }
    }

    /// <summary>
    /// Brings the partial file of <paramref name="key"/>'s current version up to the blob's length, going on from a partial
    /// file of the same version if one is there and starting over otherwise.
    /// </summary>
    /// <returns>The partial file, whole.</returns>
    /// <exception cref="TransferInterruptedException">Reading from the store failed in a way that may pass; the partial file keeps what arrived.</exception>
    async Task<string> TransferAsync(string key, string target, CancellationToken cancellationToken)
    {
        while (true)
        {
            var resumable = Resumable(target);
            var offset = resumable is null ? 0 : new FileInfo(resumable).Length;
            var read = await FromStoreAsync(() => blobs.OpenReadFromAsync(key, offset, cancellationToken), cancellationToken).ConfigureAwait(false);
            await using (read.ConfigureAwait(false))
            {
                var partial = PartialFiles.PathFor(target, read.ETag);
                if (resumable is not null && (resumable != partial || offset > read.Length))
                {
                    // Bytes of another version of the blob, or more than it has: they cannot be continued.
                    File.Delete(resumable);
                    continue;
                }

                var length = await AppendAsync(read.Content, partial, offset, cancellationToken).ConfigureAwait(false);
                if (length != read.Length)
                    throw new TransferInterruptedException(new EndOfStreamException($"The blob '{key}' ended after {length} of its {read.Length} bytes."));
                return partial;
            }
        }
    }

    /// <summary>The partial file to go on from, if any; every other one of <paramref name="target"/> is deleted.</summary>
    static string? Resumable(string target)
    {
        var partials = PartialFiles.Of(target);
        var longest = partials.MaxBy(path => new FileInfo(path).Length);
        foreach (var path in partials.Where(path => path != longest))
            File.Delete(path);
        return longest;
    }

    /// <summary>Writes <paramref name="source"/> into <paramref name="partial"/> from <paramref name="offset"/> on.</summary>
    /// <returns>The partial file's length once the source ended.</returns>
    static async Task<long> AppendAsync(Stream source, string partial, long offset, CancellationToken cancellationToken)
    {
        var file = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            file.SetLength(offset);
            file.Position = offset;
            var buffer = new byte[CopyBufferSize];
            int read;
            while ((read = await FromStoreAsync(() => source.ReadAsync(buffer, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false)) > 0)
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            return file.Length;
        }
    }

    /// <summary>A call to the store whose transient failure (<see cref="TransientBlobFailures"/>) becomes a <see cref="TransferInterruptedException"/>.</summary>
    static async Task<T> FromStoreAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && TransientBlobFailures.IsTransient(exception))
        {
            throw new TransferInterruptedException(exception);
        }
    }

    /// <summary>Output names come from user file names: they must land inside the folder the user chose.</summary>
    static string SafeTarget(string root, string outputName)
    {
        var name = Path.GetFileName(outputName);
        var target = Path.GetFullPath(Path.Combine(root, name));
        if (name.Length == 0 || name is "." or ".." || Path.GetDirectoryName(target) != root.TrimEnd(Path.DirectorySeparatorChar))
            throw new InvalidOperationException($"Refusing to write output '{outputName}' outside {root}.");
        return target;
    }

    /// <summary>Reading from the store failed in a way that may pass if tried again.</summary>
    sealed class TransferInterruptedException(Exception inner) : Exception(inner.Message, inner);
}
