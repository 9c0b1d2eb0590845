using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImagePipeline.Benchmarks.Inputs;
using ImagePipeline.Benchmarks.Measuring;
using ImagePipeline.Benchmarks.Results;
using ImagePipeline.Benchmarks.Suite;
using ImagePipeline.Imaging.Tiling;

namespace ImagePipeline.Benchmarks.Giant;

/// <summary>One image through `imagepipe submit --wait` with each role in its own, freshly started process.</summary>
internal sealed record GiantRun
{
    public required string Input { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public required double Megapixels { get; init; }

    public required string Op { get; init; }

    public required int TileSize { get; init; }

    public required int Tiles { get; init; }

    public required long InputFileBytes { get; init; }

    public long? OutputFileBytes { get; init; }

    /// <summary>One decoded copy of the image (8-bit BGR), for comparison with the peaks.</summary>
    public required double OneCopyMiB { get; init; }

    public required double Seconds { get; init; }

    public required int ExitCode { get; init; }

    /// <summary>VmHWM of each process over this one image, in MiB.</summary>
    public required IReadOnlyDictionary<string, double> PeakMiB { get; init; }

    /// <summary>VmHWM of each long-running process once its host had started, before any work, in MiB.</summary>
    public required IReadOnlyDictionary<string, double> StartedMiB { get; init; }

    public CheckResult? Check { get; init; }
}

internal sealed class GiantResults
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public required IReadOnlyDictionary<string, string> Machine { get; init; }

    public required string Command { get; init; }

    public required IReadOnlyDictionary<string, string> Processes { get; init; }

    public DateTimeOffset Started { get; init; } = DateTimeOffset.UtcNow;

    public DateTimeOffset Finished { get; set; }

    public List<GiantRun> Runs { get; } = [];

    public List<string> Notes { get; } = [];

    public void Write(string path)
    {
        Finished = DateTimeOffset.UtcNow;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
    }
}

/// <summary>
/// Giant images (docs/GIANT-IMAGES.md): for each size, a PNG mosaic of the sample photos goes through
/// `imagepipe submit --wait` with one tile-only processor and one saga + assembler host, each started
/// for that image alone, so each process's high-water mark belongs to that image and that role.
/// The output is then checked against this process's own computation.
/// </summary>
internal sealed class GiantBenchmark(GiantSettings settings)
{
    const int DefaultTileSize = 2048; // JobRequest.DefaultTileSize: submit is run without --tile-size.
    const string TileProcessor = "tile processor";
    const string Assembler = "saga + assembler host";
    const string Submitter = "submitter (imagepipe submit --wait)";

    static readonly IReadOnlyDictionary<string, string> TileOnly = new Dictionary<string, string>
    {
        ["IMAGEPIPE_Processor__ProcessTiles"] = "true",
        ["IMAGEPIPE_Processor__AssembleImages"] = "false",
        ["IMAGEPIPE_Processor__HostSagas"] = "false",
    };

    static readonly IReadOnlyDictionary<string, string> SagasAndAssembly = new Dictionary<string, string>
    {
        ["IMAGEPIPE_Processor__ProcessTiles"] = "false",
        ["IMAGEPIPE_Processor__AssembleImages"] = "true",
        ["IMAGEPIPE_Processor__HostSagas"] = "true",
    };

    readonly PipelinePrograms _programs = new(new SuiteSettings(settings.WorkFolder, settings.JsonPath, false, settings.RepoRoot, settings.Configuration,
        PublishedFolder: null));

    public async Task<int> RunAsync()
    {
        var results = new GiantResults
        {
            Machine = MachineInfo.Read(),
            Command = Environment.CommandLine,
            Processes = new Dictionary<string, string>
            {
                [TileProcessor] = "ProcessorService with " + Describe(TileOnly),
                [Assembler] = "ProcessorService with " + Describe(SagasAndAssembly),
                [Submitter] = "imagepipe submit <image> --op <op> --wait --out <folder> (default tile size)",
            },
        };
        var failures = 0;
        foreach (var size in settings.Sizes)
        {
            var input = CreateInput(size);
            var run = await RunOneAsync(size, input);
            results.Runs.Add(run);
            results.Write(settings.JsonPath);
            if (run.ExitCode != 0 || run.Check is not { Passed: true })
                failures++;
            File.Delete(input);
        }

        results.Notes.Add("Peaks are VmHWM from /proc/<pid>/status, sampled every 50 ms while each process lives and read once more before the processors are stopped.");
        results.Notes.Add($"Benchmark process (inputs and checks, not part of the pipeline) peak resident memory: {PeakMemory.OfThisProcess():F0} MiB.");
        results.Write(settings.JsonPath);
        PrintTable(results);
        Console.WriteLine($"Wrote {settings.JsonPath}");
        return failures == 0 ? 0 : 1;
    }

    string CreateInput(GiantSize size)
    {
        var folder = Directory.CreateDirectory(Path.Combine(settings.WorkFolder, "inputs")).FullName;
        var path = Path.Combine(folder, $"giant-{size.Width}x{size.Height}.png");
        Console.WriteLine($"{size.Name}: writing {size.Width} x {size.Height} mosaic of samples/ to {path} ...");
        using var sources = BenchInputs.LoadSamples(Path.Combine(settings.RepoRoot, "samples"));
        return BenchInputs.WriteMosaic(sources, path, size.Grid, size.Width, size.Height);
    }

    async Task<GiantRun> RunOneAsync(GiantSize size, string input)
    {
        var outFolder = Path.Combine(settings.WorkFolder, "out", size.Width + "x" + size.Height);
        var tiles = TilePlanner.Plan(size.Width, size.Height, DefaultTileSize, halo: 0).Count;
        Console.WriteLine($"{size.Name}: starting a tile processor and a saga + assembler host ...");
        var processes = await _programs.StartProcessorsAsync([TileOnly, SagasAndAssembly]);
        var started = new Dictionary<string, double>
        {
            [TileProcessor] = PeakMemory.ReadMiB(processes[0].Id) ?? 0,
            [Assembler] = PeakMemory.ReadMiB(processes[1].Id) ?? 0,
        };
        (TimeSpan Elapsed, int ExitCode, double PeakMiB, double CpuSeconds) cli;
        var peaks = new Dictionary<string, double>();
        try
        {
            Console.WriteLine($"{size.Name}: imagepipe submit --op {settings.Op} --wait ({tiles} tiles of {DefaultTileSize} px) ...");
            cli = await _programs.RunCliAsync("submit", input, "--op", settings.Op, "--wait", "--out", outFolder);
        }
        finally
        {
            peaks[TileProcessor] = processes[0].Stop();
            peaks[Assembler] = processes[1].Stop();
            foreach (var process in processes)
            {
                if (process.Output.Contains("fail", StringComparison.OrdinalIgnoreCase) || process.Output.Contains("exception", StringComparison.OrdinalIgnoreCase))
                    Console.Error.WriteLine($"--- processor {process.Id} output (last lines) ---\n{string.Join('\n', process.Output.Split('\n').TakeLast(40))}");
                process.Dispose();
            }
        }

        peaks[Submitter] = cli.PeakMiB;
        var outputs = Directory.Exists(outFolder) ? Directory.GetFiles(outFolder) : [];
        CheckResult? check = null;
        if (cli.ExitCode == 0 && outputs.Length == 1)
        {
            Console.WriteLine($"{size.Name}: checking the output against this process's own computation ...");
            check = OutputCheck.Run(input, outputs[0], settings.Op, DefaultTileSize, settings.FullCheckMaxMegapixels);
        }

        var run = new GiantRun
        {
            Input = size.Name,
            Width = size.Width,
            Height = size.Height,
            Megapixels = size.Megapixels,
            Op = settings.Op,
            TileSize = DefaultTileSize,
            Tiles = tiles,
            InputFileBytes = new FileInfo(input).Length,
            OutputFileBytes = outputs.Length == 1 ? new FileInfo(outputs[0]).Length : null,
            OneCopyMiB = size.OneCopyMiB,
            Seconds = cli.Elapsed.TotalSeconds,
            ExitCode = cli.ExitCode,
            PeakMiB = peaks,
            StartedMiB = started,
            Check = check,
        };
        Console.WriteLine($"{size.Name}: exit {run.ExitCode}, {run.Seconds:F1} s, peaks " +
            string.Join(", ", peaks.Select(p => $"{p.Key} {p.Value:F0} MiB")) +
            (check is null ? ", not checked" : $", check {check.Kind}: max |diff| {check.MaxAbsDiff} ({(check.Passed ? "pass" : "FAIL")})"));
        if (Directory.Exists(outFolder))
            Directory.Delete(outFolder, recursive: true);
        return run;
    }

    static void PrintTable(GiantResults results)
    {
        Console.WriteLine();
        Console.WriteLine($"| image | op | tiles | s | one copy MiB | {TileProcessor} MiB | {Assembler} MiB | {Submitter} MiB | check |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var run in results.Runs)
        {
            var check = run.Check is { } c ? $"{c.Kind}, max diff {c.MaxAbsDiff.ToString(CultureInfo.InvariantCulture)}{(c.Passed ? "" : " FAIL")}" : $"exit {run.ExitCode}, not checked";
            Console.WriteLine($"| {run.Width} x {run.Height} ({run.Megapixels:F0} MP) | {run.Op} | {run.Tiles} | {run.Seconds:F1} | {run.OneCopyMiB:F0} | " +
                $"{run.PeakMiB[TileProcessor]:F0} | {run.PeakMiB[Assembler]:F0} | {run.PeakMiB[Submitter]:F0} | {check} |");
        }

        Console.WriteLine();
    }

    static string Describe(IReadOnlyDictionary<string, string> environment) =>
        string.Join(", ", environment.Select(e => $"{e.Key.Replace("IMAGEPIPE_", "").Replace("__", ":")}={e.Value}"));
}
