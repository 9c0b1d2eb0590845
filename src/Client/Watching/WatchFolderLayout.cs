namespace ImagePipeline.Client.Watching;

/// <summary>
/// The folders under a watched root. Files dropped in <c>inbox/&lt;op spec&gt;/</c> are claimed into
/// <c>processing/&lt;job id&gt;/</c>, their outputs written to <c>out/&lt;op spec&gt;/</c>, and the originals
/// moved to <c>done/&lt;op spec&gt;/</c> or <c>failed/&lt;op spec&gt;/</c> (with <c>&lt;name&gt;.reason.txt</c>).
/// </summary>
public sealed class WatchFolderLayout(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Inbox => Path.Combine(Root, "inbox");
    public string Processing => Path.Combine(Root, "processing");
    public string Out => Path.Combine(Root, "out");
    public string Done => Path.Combine(Root, "done");
    public string Failed => Path.Combine(Root, "failed");

    public void Create()
    {
        foreach (var folder in new[] { Inbox, Processing, Out, Done, Failed })
            Directory.CreateDirectory(folder);
    }

    /// <summary>
    /// The operation spec a subfolder of the inbox stands for: its name, URL-decoded, so that a spec
    /// with characters a folder name cannot hold (<c>/</c>) can still be written (<c>%2F</c>).
    /// </summary>
    public static string OperationSpec(string folderName) => Uri.UnescapeDataString(folderName);

    /// <summary>Names a copy tool or uploader uses while a file is incomplete, and hidden files: never taken.</summary>
    public static bool IsIgnored(string fileName) =>
        fileName.StartsWith('.') || fileName.EndsWith('~')
        || Path.GetExtension(fileName).ToLowerInvariant() is ".part" or ".partial" or ".tmp" or ".crdownload" or ".filepart" or ".reason.txt";
}
