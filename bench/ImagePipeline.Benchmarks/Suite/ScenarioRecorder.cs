using ImagePipeline.Benchmarks.Measuring;
using ImagePipeline.Benchmarks.Results;
using ImagePipeline.Imaging.Codecs;

namespace ImagePipeline.Benchmarks.Suite;

/// <summary>Runs one scenario, checks its outputs, and turns it into a <see cref="Measurement"/>; outputs are deleted afterwards to spare the disk.</summary>
internal sealed class ScenarioRecorder(SuiteSettings settings)
{
    /// <summary>The seed's function in Python: "whole" (one process, OpenCV's threads) or "pool" (a process per core).</summary>
    public async Task<Measurement> YardstickAsync(string group, string mode, string op, string inputName, IReadOnlyList<string> inputs)
    {
        var folder = NewOutFolder();
        var (elapsed, exitCode, cpu) = await SeedYardstick.RunAsync(settings.RepoRoot, mode, op, folder, inputs);
        return Done(folder, new Measurement
        {
            Group = group, Scenario = mode == "pool" ? RatioCalculator.Pool : RatioCalculator.Whole, Op = op, Input = inputName,
            Images = inputs.Count, Megapixels = inputs.Sum(Megapixels), Seconds = elapsed.TotalSeconds, CpuSeconds = cpu,
            ExitCode = exitCode, Outputs = Count(folder), PeakMiB = new Dictionary<string, double>(),
        });
    }

    /// <summary>A diagnostic: this process's own loop over the pipeline's kernels and codec, no pipeline.</summary>
    public Measurement InProcess(string group, string op, string inputName, IReadOnlyList<string> inputs)
    {
        var folder = NewOutFolder();
        var elapsed = group == "batch" ? InProcessLimit.RunBatch(inputs, op, folder) : InProcessLimit.RunWhole(inputs[0], op, folder);
        return Done(folder, new Measurement
        {
            Group = group, Scenario = "C# loop", Op = op, Input = inputName, Images = inputs.Count, Megapixels = inputs.Sum(Megapixels),
            Seconds = elapsed.TotalSeconds, ExitCode = 0, Outputs = Count(folder),
            PeakMiB = new Dictionary<string, double> { ["benchmark (high-water so far)"] = PeakMemory.OfThisProcess() },
        });
    }

    /// <summary>
    /// Runs <c>imagepipe &lt;command&gt; &lt;input&gt; --op op --out folder [extra…]</c> as its own process. Its CPU time is
    /// the processors' when there are any (distributed), else its own.
    /// </summary>
    public async Task<Measurement> CliAsync(string group, string scenario, string op, string inputName, IReadOnlyList<string> inputs,
        PipelinePrograms programs, IReadOnlyList<ChildProcess> processors, string command, string input, params string[] extra)
    {
        var folder = NewOutFolder();
        var processorsBefore = processors.Sum(p => CpuTime.OfRunning(p.Id) ?? 0);
        var (elapsed, exitCode, peak, cpu) = await programs.RunCliAsync([command, input, "--op", op, "--out", folder, .. extra]);
        if (processors.Count > 0)
            cpu = processors.Sum(p => CpuTime.OfRunning(p.Id) ?? 0) - processorsBefore;
        var peaks = new Dictionary<string, double> { ["imagepipe"] = peak };
        for (var i = 0; i < processors.Count; i++)
            peaks[$"processor {i + 1} (high-water so far)"] = PeakMemory.ReadMiB(processors[i].Id) ?? 0;
        return Done(folder, new Measurement
        {
            Group = group, Scenario = scenario, Op = op, Input = inputName, Images = inputs.Count, Megapixels = inputs.Sum(Megapixels),
            Seconds = elapsed.TotalSeconds, CpuSeconds = cpu, ExitCode = exitCode, Outputs = Count(folder), PeakMiB = peaks,
        });
    }

    static double Megapixels(string file)
    {
        using var stream = File.OpenRead(file);
        var header = ImageProbe.ReadHeader(stream);
        return header.Width * (double)header.Height / 1e6;
    }

    string NewOutFolder() => Directory.CreateDirectory(Path.Combine(settings.WorkFolder, "out", Guid.NewGuid().ToString("N"))).FullName;

    static int Count(string folder) => Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length : 0;

    static Measurement Done(string folder, Measurement measurement)
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        return measurement;
    }
}
