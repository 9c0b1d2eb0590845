using ImagePipeline.UnitTests.TestData;

namespace ImagePipeline.UnitTests.Support;

/// <summary>The real photographs shipped in samples/ (see samples/README.md for their sources).</summary>
public static class SampleImages
{
    public static IReadOnlyList<string> Files() =>
        Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "samples"))
            .Where(file => Path.GetExtension(file) is ".png" or ".jpg")
            .Order(StringComparer.Ordinal)
            .ToArray();
}
