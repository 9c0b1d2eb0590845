namespace ImagePipeline.Orchestration.Jobs;

/// <summary>Expands the files and folders a user names into the list of files to submit.</summary>
public static class InputFiles
{
    /// <summary>Files are taken as given (whatever their extension: a bad one fails alone); folders contribute their files, sorted, recursively.</summary>
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
                    .Where(file => !Path.GetFileName(file).StartsWith('.'))
                    .Order(StringComparer.Ordinal));
            else
                throw new FileNotFoundException($"No such file or folder: {path}", path);
        }

        return files;
    }
}
