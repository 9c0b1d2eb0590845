namespace ImagePipeline.UnitTests.Support;

/// <summary>A program of the pipeline as built next to the running test assembly's configuration, with everything it loads.</summary>
public static class BuiltProgram
{
    public static string Cli => Find("Submitter", "imagepipe.dll");

    public static string ProcessorService => Find("ProcessorService", "ImagePipeline.ProcessorService.dll");

    public static string Find(string project, string assembly)
    {
        // tests/<test project>/bin/<Configuration>/<tfm>/ -> src/<project>/bin/<Configuration>/<tfm>/
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, "src", project, "bin", configuration, framework, assembly);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{assembly} is not built at {path}; build the solution first.", path);
    }
}
