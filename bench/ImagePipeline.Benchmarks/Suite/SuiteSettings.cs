namespace ImagePipeline.Benchmarks.Suite;

/// <summary>What one suite run measures and where; the services come from scripts/bench.sh's environment.</summary>
/// <param name="PublishedFolder">A scripts/publish.sh folder to take the programs from (as hosts run them: ReadyToRun); null for the build output.</param>
internal sealed record SuiteSettings(string WorkFolder, string JsonPath, bool Quick, string RepoRoot, string Configuration, string? PublishedFolder)
{
    // The seed's ten, and the representative subset for --quick: a cheap and a costly filter, a global op, a per-pixel op.
    public static readonly string[] SeedOps =
        ["blur", "gaussian", "median", "bilateral", "canny", "invert", "brightness_increase", "to_gray", "to_bw", "contrast_stretching"];

    public static readonly string[] QuickOps = ["gaussian", "bilateral", "canny", "to_gray"];

    public IReadOnlyList<string> Ops => Quick ? QuickOps : SeedOps;

    public int BatchSize => Quick ? 40 : 200;

    /// <summary>How often each yardstick and its imagepipe run are repeated, interleaved; the medians are reported.</summary>
    public int Repetitions => Quick ? 1 : 3;

    public string ImagepipeDll => PublishedFolder is { } published
        ? Path.Combine(published, "cli/imagepipe.dll")
        : Path.Combine(RepoRoot, "src/Submitter/bin", Configuration, "net10.0/imagepipe.dll");

    public string ProcessorDll => PublishedFolder is { } published
        ? Path.Combine(published, "processor/ImagePipeline.ProcessorService.dll")
        : Path.Combine(RepoRoot, "src/ProcessorService/bin", Configuration, "net10.0/ImagePipeline.ProcessorService.dll");

    public static SuiteSettings Parse(string[] args)
    {
        string? work = null, json = null;
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--work": work = args[++i]; break;
                case "--json": json = args[++i]; break;
                case "--quick": quick = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        var repo = Environment.GetEnvironmentVariable("IMAGEPIPE_BENCH_REPO") ?? Directory.GetCurrentDirectory();
        return new SuiteSettings(
            work ?? throw new ArgumentException("--work is required."),
            json ?? throw new ArgumentException("--json is required."),
            quick, repo, Environment.GetEnvironmentVariable("IMAGEPIPE_BENCH_CONFIGURATION") ?? "Release",
            Environment.GetEnvironmentVariable("IMAGEPIPE_BENCH_PUBLISHED"));
    }
}
