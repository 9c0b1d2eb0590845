namespace ImagePipeline.Submitter.Commands;

/// <summary>The folder a command writes outputs into (--out), made ready before any work starts.</summary>
internal static class OutputFolder
{
    /// <summary>Creates the folder if needed and returns its full path.</summary>
    /// <exception cref="UsageException">The path names a file, or the folder cannot be created.</exception>
    public static string Prepare(DirectoryInfo folder)
    {
        var path = folder.FullName;
        if (File.Exists(path))
            throw new UsageException($"--out {path} is a file; give a folder (it is created if missing).");
        try
        {
            return Directory.CreateDirectory(path).FullName;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out {path}: the folder cannot be created: {exception.Message}");
        }
    }
}
