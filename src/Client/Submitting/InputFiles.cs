namespace ImagePipeline.Client.Submitting;

/// <summary>Expands the files and folders a user names into the list of files to submit.</summary>
public static class InputFiles
{
    /// <summary>The extensions a folder is searched for; <c>ImageProbe</c> still checks each file's real content.</summary>
    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".jpe", ".webp", ".tif", ".tiff", ".bmp", ".dib",
    };

    /// <summary>
    /// Files named directly are taken whatever their extension (a bad one fails alone, with its reason);
    /// folders contribute their image files, searched recursively, in ordinal order.
    /// </summary>
    /// <exception cref="FileNotFoundException">A named path does not exist.</exception>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
                files.Add(path);
            else if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(file => !Path.GetFileName(file).StartsWith('.') && ImageExtensions.Contains(Path.GetExtension(file)))
                    .Order(StringComparer.Ordinal));
            else
                throw new FileNotFoundException($"No such file or folder: {path}", path);
        }

        return files;
    }
}
