using ImagePipeline.Client.Progress;
using ImagePipeline.Storage;

namespace ImagePipeline.Client.Downloads;

/// <summary>Copies a job's finished outputs into a local folder, each file appearing whole or not at all.</summary>
public sealed class ResultDownloader(IBlobStore blobs)
{
    /// <summary>Downloads wait on the network, not the CPU: a few at once hide the latency of each.</summary>
    const int Parallelism = 8;

    /// <summary>Downloads every output <paramref name="progress"/> shows done, a few at a time.</summary>
    /// <returns>The paths written.</returns>
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
    public async Task<string> DownloadOneAsync(JobManifest manifest, ImageProgress image, string root, CancellationToken cancellationToken)
    {
        var target = SafeTarget(root, image.OutputName);
        var partial = target + ".partial";
        File.Delete(partial); // left by a download that was cut short
        await blobs.DownloadToFileAsync(manifest.Images[image.Index].OutputKey, partial, cancellationToken).ConfigureAwait(false);
        File.Move(partial, target, overwrite: true);
        return target;
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
}
