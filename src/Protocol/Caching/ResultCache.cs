using System.Security.Cryptography;
using System.Text;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using OpenCvSharp;

namespace ImagePipeline.Protocol.Caching;

/// <summary>
/// Finished outputs kept under a key made of what determines them: the input's content (SHA-256 of the
/// file), the canonical chain with its parameters, the output encoding, the OpenCV version and this
/// format's version. The tile size is not part of it: tiled and whole give the same pixels. Resubmitting
/// an image already processed the same way copies the kept output instead of queuing any work.
/// </summary>
public sealed class ResultCache(IBlobStore blobs)
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
        return StoreLayout.CachedResult(input, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe))));
    }

    /// <summary>Copies the kept output to <paramref name="outputKey"/> when there is one; false on a miss.</summary>
    public async Task<bool> TryServeAsync(string cacheKey, string outputKey, CancellationToken cancellationToken)
    {
        try
        {
            // One request, hit or miss: the copy reports a missing source itself, and on Azure the
            // bytes stay in the service instead of coming down to this process and going up again.
            await blobs.CopyAsync(cacheKey, outputKey, BlobWriteCondition.IfNotExists, cancellationToken).ConfigureAwait(false);
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
    /// Keeps a copy of a finished output, already stored under <paramref name="outputKey"/>, under
    /// <paramref name="cacheKey"/> (nothing when that is null). A server-side copy: the output's bytes
    /// are not sent to the store a second time. The same recipe always gives the same bytes, so a
    /// repeat rewrites them harmlessly.
    /// </summary>
    public async Task KeepAsync(string? cacheKey, string outputKey, CancellationToken cancellationToken)
    {
        if (cacheKey is null)
            return;
        await blobs.CopyAsync(outputKey, cacheKey, BlobWriteCondition.None, cancellationToken).ConfigureAwait(false);
    }
}
