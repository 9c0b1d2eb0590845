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
        var written = new List<string>();
        foreach (var image in progress.Images.Where(image => image.Outcome == ImageOutcome.Done))
        {
            var target = SafeTarget(root, image.OutputName);
            var partial = target + ".partial";
            await using (var source = await blobs.OpenReadAsync(manifest.Images[image.Index].OutputKey, cancellationToken).ConfigureAwait(false))
            await using (var file = File.Create(partial))
                await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            File.Move(partial, target, overwrite: true);
            written.Add(target);
        }

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
