using MassTransit;

namespace ImagePipeline.Client.Watching;

/// <summary>
/// Claims files by moving them (an atomic rename on one file system) into a claim folder, and finds
/// the claims a killed watcher left behind. A file is therefore in exactly one place at any moment:
/// the inbox, one claim, done or failed.
/// </summary>
internal sealed class ClaimJournal(WatchFolderLayout layout)
{
    const string FolderFile = "folder";

    public Claim Create(string folderName, IReadOnlyList<string> files)
    {
        var jobId = NewId.NextGuid();
        // Built under a hidden name and renamed into place: a claim folder always says which op it is for.
        var staging = Path.Combine(layout.Processing, $".new-{jobId:N}");
        Directory.CreateDirectory(Path.Combine(staging, "inputs"));
        File.WriteAllText(Path.Combine(staging, FolderFile), folderName);
        var claim = new Claim(jobId, folderName, Path.Combine(layout.Processing, jobId.ToString("N")));
        Directory.Move(staging, claim.Path);

        foreach (var file in files)
        {
            try
            {
                File.Move(file, Path.Combine(claim.Inputs, Path.GetFileName(file)));
            }
            catch (FileNotFoundException)
            {
                // Deleted or moved away by the user since the scan: nothing to claim.
            }
        }

        return claim;
    }

    /// <summary>The claims left in processing/ by an earlier run; half-built ones held no user file and are removed.</summary>
    public IReadOnlyList<Claim> Recover()
    {
        var claims = new List<Claim>();
        foreach (var folder in Directory.GetDirectories(layout.Processing).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith(".new-", StringComparison.Ordinal))
                Directory.Delete(folder, recursive: true);
            else if (Guid.TryParseExact(name, "N", out var jobId) && File.Exists(Path.Combine(folder, FolderFile)))
                claims.Add(new Claim(jobId, File.ReadAllText(Path.Combine(folder, FolderFile)).Trim(), folder));
        }

        return claims;
    }
}
