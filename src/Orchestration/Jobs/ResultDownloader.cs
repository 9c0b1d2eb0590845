using ImagePipeline.Storage;

namespace ImagePipeline.Orchestration.Jobs;

/// <summary>Copies a job's finished outputs into a local folder, each file appearing whole or not at all.</summary>
public sealed class ResultDownloader(IBlobStore blobs)
{
    /// <returns>The paths written.</returns>
    public async Task<IReadOnlyList<string>> DownloadAsync(JobManifest manifest, JobProgress progress, string outputFolder,
        CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(outputFolder);
        Directory.CreateDirectory(root);
        var done = progress.Images.Where(image => image.Outcome == ImageOutcome.Done).ToArray();
        var written = new string[done.Length];
        // Downloads wait on the network, not the CPU: a few at once hide the latency of each.
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, done.Length, parallelism, async (i, token) =>
        {
            var target = SafeTarget(root, done[i].OutputName);
            var partial = target + ".partial";
            File.Delete(partial); // left by a download that was cut short
            await blobs.DownloadToFileAsync(manifest.Images[done[i].Index].OutputKey, partial, token).ConfigureAwait(false);
            File.Move(partial, target, overwrite: true);
            written[i] = target;
        }).ConfigureAwait(false);

        return written;
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
