using ImagePipeline.Benchmarks.Inputs;
using ImagePipeline.Benchmarks.Measuring;
using ImagePipeline.Benchmarks.Results;
using ImagePipeline.Imaging.Codecs;

namespace ImagePipeline.Benchmarks.Suite;

/// <summary>Runs one scenario, checks its outputs, and turns it into a <see cref="Measurement"/>; outputs are deleted afterwards to spare the disk.</summary>
internal sealed class ScenarioRecorder(SuiteSettings settings)
{
    const double SmallMegapixels = BenchInputs.SmallWidth * BenchInputs.SmallHeight / 1e6;

    public Measurement Limit(string op, IReadOnlyList<string> batch)
    {
        var folder = NewOutFolder();
        var elapsed = InProcessLimit.RunBatch(batch, op, folder);
        return Done(folder, new Measurement
        {
            Group = "batch", Scenario = "limit", Op = op, Input = "1 MP batch", Images = batch.Count, Megapixels = batch.Count * SmallMegapixels,
            Seconds = elapsed.TotalSeconds, ExitCode = 0, Outputs = Count(folder), PeakMiB = Self(),
        });
    }

    public Measurement Whole(string op, string name, string file, int openCvThreads)
    {
        var folder = NewOutFolder();
        var elapsed = InProcessLimit.RunWhole(file, op, folder, openCvThreads);
        return Done(folder, new Measurement
        {
            Group = "large", Scenario = $"whole, {openCvThreads} OpenCV thread(s)", Op = op, Input = name, Images = 1, Megapixels = Megapixels(file),
            Seconds = elapsed.TotalSeconds, ExitCode = 0, Outputs = Count(folder), PeakMiB = Self(),
        });
    }

    /// <summary>Runs <c>imagepipe &lt;command&gt; &lt;input&gt; --op op --out folder [extra…]</c> as its own process.</summary>
    public async Task<Measurement> CliAsync(string group, string scenario, string op, string inputName, int images,
        PipelinePrograms programs, IReadOnlyList<ChildProcess> processors, string command, string input, params string[] extra)
    {
        var folder = NewOutFolder();
        var (elapsed, exitCode, peak) = await programs.RunCliAsync([command, input, "--op", op, "--out", folder, .. extra]);
        var peaks = new Dictionary<string, double> { ["imagepipe"] = peak };
        for (var i = 0; i < processors.Count; i++)
            peaks[$"processor {i + 1} (high-water so far)"] = PeakMemory.ReadMiB(processors[i].Id) ?? 0;
        var megapixels = File.Exists(input) ? Megapixels(input) : images * SmallMegapixels;
        var tileSize = TileSize(extra);
        return Done(folder, new Measurement
        {
            Group = group, Scenario = scenario, Op = op, Input = inputName, Images = images, Megapixels = megapixels,
            Tiles = group == "ceiling" ? TileCount(input, tileSize) : null,
            Seconds = elapsed.TotalSeconds, ExitCode = exitCode, Outputs = Count(folder), PeakMiB = peaks,
        });
    }

    static int TileSize(string[] extra)
    {
        var at = Array.IndexOf(extra, "--tile-size");
        return at >= 0 ? int.Parse(extra[at + 1]) : 2048;
    }

    static int TileCount(string file, int tileSize)
    {
        var header = Header(file);
        return (int)(Math.Ceiling(header.Width / (double)tileSize) * Math.Ceiling(header.Height / (double)tileSize));
    }

    static double Megapixels(string file)
    {
        var header = Header(file);
        return header.Width * (double)header.Height / 1e6;
    }

    static ImageHeader Header(string file)
    {
        using var stream = File.OpenRead(file);
        return ImageProbe.ReadHeader(stream);
    }

    string NewOutFolder() => Directory.CreateDirectory(Path.Combine(settings.WorkFolder, "out", Guid.NewGuid().ToString("N"))).FullName;

    static int Count(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length;

    static Dictionary<string, double> Self() => new() { ["benchmark (in-process, high-water so far)"] = PeakMemory.OfThisProcess() };

    static Measurement Done(string folder, Measurement measurement)
    {
        Directory.Delete(folder, recursive: true);
        return measurement;
    }
}
