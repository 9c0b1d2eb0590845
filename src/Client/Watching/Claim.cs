namespace ImagePipeline.Client.Watching;

/// <summary>
/// Files taken from one inbox subfolder as one job: the folder <c>processing/&lt;job id&gt;/</c> holding a
/// <c>folder</c> file (the inbox subfolder's name) and the originals under <c>inputs/</c>. The job id is
/// journaled (as the folder's name) before anything is submitted, so a restart resumes the same job.
/// </summary>
internal sealed record Claim(Guid JobId, string FolderName, string Path)
{
    public string Inputs => System.IO.Path.Combine(Path, "inputs");

    public string OperationSpec => WatchFolderLayout.OperationSpec(FolderName);

    public IReadOnlyList<string> Files() =>
        Directory.Exists(Inputs)
            ? Directory.GetFiles(Inputs).Order(StringComparer.Ordinal).ToArray()
            : [];
}
