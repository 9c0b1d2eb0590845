namespace ImagePipeline.Orchestration.Jobs;

/// <summary>Names outputs <c>&lt;input name without extension&gt;.png</c>, numbering repeats so that no two collide.</summary>
public static class OutputNames
{
    public static IReadOnlyList<string> Assign(IEnumerable<string> inputPaths)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var path in inputPaths)
        {
            var stem = Path.GetFileNameWithoutExtension(path);
            if (string.IsNullOrWhiteSpace(stem))
                stem = "image";

            var name = $"{stem}.png";
            for (var n = 2; !taken.Add(name); n++)
                name = $"{stem}-{n}.png";
            names.Add(name);
        }

        return names;
    }
}
