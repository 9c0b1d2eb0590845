using System.Security.Cryptography;
using System.Text;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Storage;
using OpenCvSharp;

namespace ImagePipeline.Orchestration.Jobs;

/// <summary>
/// Finished outputs kept under a key made of what determines them: the input's content (SHA-256 of the
/// file), the canonical chain with its parameters, the output encoding, the OpenCV version and this
/// format's version. The tile size is not part of it: tiled and whole give the same pixels. Resubmitting
/// an image already processed the same way copies the kept output instead of queuing any work.
/// </summary>
public static class ResultCache
{
    // Raise when a change makes outputs differ for the same recipe, so older entries stop matching.
    const int FormatVersion = 1;

    public static async Task<string> KeyForAsync(string sourcePath, OperationChain chain, OutputEncoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(encoding);
        string input;
        await using (var file = File.OpenRead(sourcePath))
            input = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        var recipe = $"{FormatVersion}\n{chain.Name}\n{encoding.Format}\n{encoding.Quality}\n{Cv2.GetVersionString()}";
        return $"cache/results/{input}/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))}";
    }

    /// <summary>Copies the kept output to <paramref name="outputKey"/> when there is one; false on a miss.</summary>
    public static async Task<bool> TryServeAsync(IBlobStore blobs, string cacheKey, string outputKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        try
        {
            // No existence check first: every store reports a missing blob when it is opened (the blob
            // store contract tests hold Azure and the file system to it), so a miss costs one request.
            await using var kept = await CopyAsync(blobs, cacheKey, cancellationToken).ConfigureAwait(false);
            await blobs.UploadAsync(outputKey, kept, BlobWriteCondition.IfNotExists, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            return false; // not kept (or removed meanwhile): process the image instead
        }
        catch (BlobConditionFailedException)
        {
            // The output is already there (a resubmission of the same job id): written once, as always.
        }

        return true;
    }

    /// <summary>
    /// Keeps a finished output's encoded bytes (a seekable stream, read from its start) under
    /// <paramref name="cacheKey"/>; the same recipe always gives the same bytes, so a repeat rewrites them harmlessly.
    /// </summary>
    public static async Task KeepAsync(IBlobStore blobs, string? cacheKey, Stream encoded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(encoded);
        if (cacheKey is null)
            return;
        encoded.Position = 0;
        await blobs.UploadAsync(cacheKey, encoded, BlobWriteCondition.None, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A seekable local copy of a blob (a temporary file, deleted on close): uploaded from a stream of
    /// known length, a copy goes up exactly as an output written by a worker does, in one request when
    /// small, instead of in staged blocks as an unseekable download stream would.
    /// </summary>
    static async Task<Stream> CopyAsync(IBlobStore blobs, string key, CancellationToken cancellationToken)
    {
        // Opened before the temporary file is made: a miss, the usual case, then touches no disk.
        await using var source = await blobs.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await source.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            copy.Position = 0;
            return copy;
        }
        catch
        {
            await copy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
