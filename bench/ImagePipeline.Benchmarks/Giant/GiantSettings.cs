namespace ImagePipeline.Benchmarks.Giant;

/// <summary>One giant-image input: a mosaic of the sample photos at this size.</summary>
internal sealed record GiantSize(string Name, int Width, int Height, int Grid)
{
    public static readonly IReadOnlyDictionary<string, GiantSize> Known = new Dictionary<string, GiantSize>
    {
        ["48"] = new("48 MP", 8000, 6000, 4),
        ["400"] = new("400 MP", 20000, 20000, 10),
    };

    public double Megapixels => Width * (double)Height / 1e6;

    /// <summary>One decoded copy of the image, 8-bit BGR, in MiB.</summary>
    public double OneCopyMiB => Width * (double)Height * 3 / (1024 * 1024);
}

/// <summary>What `giant` measures and where; the services come from scripts/bench-giant.sh's environment.</summary>
internal sealed record GiantSettings(
    string WorkFolder, string JsonPath, string Op, IReadOnlyList<GiantSize> Sizes, double FullCheckMaxMegapixels, string RepoRoot, string Configuration)
{
    public static GiantSettings Parse(string[] args)
    {
        string? work = null, json = null;
        var op = "gaussian";
        var sizes = "48,400";
        var fullCheck = 100.0;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--work": work = args[++i]; break;
                case "--json": json = args[++i]; break;
                case "--op": op = args[++i]; break;
                case "--sizes": sizes = args[++i]; break;
                case "--full-check-max-mp": fullCheck = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        var chosen = sizes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => GiantSize.Known.TryGetValue(s, out var size) ? size : throw new ArgumentException($"Unknown size '{s}': one of {string.Join(", ", GiantSize.Known.Keys)}."))
            .ToArray();
        var repo = Environment.GetEnvironmentVariable("IMAGEPIPE_BENCH_REPO") ?? Directory.GetCurrentDirectory();
        return new GiantSettings(
            work ?? throw new ArgumentException("--work is required."),
            json ?? throw new ArgumentException("--json is required."),
            op, chosen, fullCheck, repo, Environment.GetEnvironmentVariable("IMAGEPIPE_BENCH_CONFIGURATION") ?? "Release");
    }
}
