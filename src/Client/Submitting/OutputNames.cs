namespace ImagePipeline.Client.Submitting;

/// <summary>Names outputs <c>&lt;input name without extension&gt;.&lt;format's extension&gt;</c>, numbering repeats so that no two collide.</summary>
public static class OutputNames
{
    public static IReadOnlyList<string> Assign(IEnumerable<string> inputPaths, string extension = ".png")
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var path in inputPaths)
        {
            var stem = Path.GetFileNameWithoutExtension(path);
            if (string.IsNullOrWhiteSpace(stem))
                stem = "image";

            var name = stem + extension;
            for (var n = 2; !taken.Add(name); n++)
                name = $"{stem}-{n}{extension}";
            names.Add(name);
        }

        return names;
    }
}
