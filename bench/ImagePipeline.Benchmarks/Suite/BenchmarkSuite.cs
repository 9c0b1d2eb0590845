using ImagePipeline.Benchmarks.Inputs;
using ImagePipeline.Benchmarks.Results;

namespace ImagePipeline.Benchmarks.Suite;

/// <summary>
/// One run of everything, so each ratio is taken between runs made a minute apart on the same (shared, noisy)
/// machine: per op, the seed's Python yardstick, then <c>imagepipe run</c>, then this process's own loop as a
/// diagnostic; then the distributed pipeline with one processor and with two, each job on a fresh store.
/// </summary>
internal sealed class BenchmarkSuite(SuiteSettings settings)
{
    readonly PipelinePrograms _programs = new(settings);
    readonly ScenarioRecorder _recorder = new(settings);

    public async Task RunAsync()
    {
        var results = new SuiteResults { Machine = MachineInfo.Read(), Command = Environment.CommandLine };
        Console.WriteLine($"Preparing inputs in {settings.WorkFolder} ...");
        var inputs = BenchInputs.Create(Path.Combine(settings.RepoRoot, "samples"), Path.Combine(settings.WorkFolder, "inputs"), settings.BatchSize);
        var batchFolder = Path.GetDirectoryName(inputs.One)!;
        var batchName = $"{inputs.Batch.Count} x 1 MP";

        foreach (var op in settings.Ops)
        {
            await PairedAsync(results,
                () => _recorder.YardstickAsync("batch", "pool", op, batchName, inputs.Batch),
                () => _recorder.CliAsync("batch", "run", op, batchName, inputs.Batch, _programs, [], "run", batchFolder));
            results.Add(_recorder.InProcess("batch", op, batchName, inputs.Batch));
        }

        Save(results);
        foreach (var (name, file) in new[] { ("12 MP", inputs.Large12), ("48 MP", inputs.Large48) })
        foreach (var op in settings.Ops)
        {
            await PairedAsync(results,
                () => _recorder.YardstickAsync("large", "whole", op, name, [file]),
                () => _recorder.CliAsync("large", "run", op, name, [file], _programs, [], "run", file));
            results.Add(_recorder.InProcess("large", op, name, [file]));
        }

        // The fixed cost of one invocation: process start, host start, one tiny job.
        results.Add(await _recorder.CliAsync("fixed", "run", "noop", "one 1 MP", [inputs.One], _programs, [], "run", inputs.One));
        Save(results);

        foreach (var count in new[] { 1, 2 })
            await DistributedAsync(results, inputs, batchFolder, batchName, count);
        Save(results);
        Console.WriteLine($"Wrote {settings.JsonPath}");
    }

    /// <summary>
    /// The yardstick and imagepipe, interleaved (A B, B A, A B ...), so that both meet the machine's other load alike;
    /// each recorded with its median wall time and median CPU-seconds.
    /// </summary>
    async Task PairedAsync(SuiteResults results, Func<Task<Measurement>> yardstick, Func<Task<Measurement>> pipeline)
    {
        var yardsticks = new List<Measurement>();
        var pipelines = new List<Measurement>();
        for (var i = 0; i < settings.Repetitions; i++)
        {
            if (i % 2 == 0)
            {
                yardsticks.Add(await yardstick());
                pipelines.Add(await pipeline());
            }
            else
            {
                pipelines.Add(await pipeline());
                yardsticks.Add(await yardstick());
            }
        }

        results.Add(Median(yardsticks));
        results.Add(Median(pipelines));
    }

    static Measurement Median(List<Measurement> repeated)
    {
        if (repeated.Count == 1)
            return repeated[0];
        static double MedianOf(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        return repeated.OrderBy(m => m.Seconds).ElementAt(repeated.Count / 2) with
        {
            Seconds = MedianOf(repeated.Select(m => m.Seconds)),
            CpuSeconds = repeated.All(m => m.CpuSeconds is not null) ? MedianOf(repeated.Select(m => m.CpuSeconds!.Value)) : null,
            RepeatedSeconds = [.. repeated.Select(m => m.Seconds)],
            ExitCode = repeated.Max(m => m.ExitCode),
            Outputs = repeated.Min(m => m.Outputs),
        };
    }

    // After every phase, so a run that fails late still leaves what it measured.
    void Save(SuiteResults results)
    {
        RatioCalculator.Fill(results.Measurements);
        results.Write(settings.JsonPath);
    }

    // Each job on a fresh Azurite (the emulator slows as it fills), so a job's time does not depend on what ran
    // before it. The processors live through the phase, as services on hosts do, and are warmed up first.
    async Task DistributedAsync(SuiteResults results, BenchInputs inputs, string batchFolder, string batchName, int count)
    {
        var scenario = $"distributed x{count}";
        var processors = await _programs.StartProcessorsAsync(count);
        try
        {
            await WarmUpAsync(inputs, batchFolder);
            foreach (var op in settings.Ops)
            {
                await OnFreshStoreAsync(inputs.One, async () => results.Add(await _recorder.CliAsync("batch", scenario, op, batchName, inputs.Batch,
                    _programs, processors, "submit", batchFolder, "--wait", "--no-cache")));
                Save(results);
            }
        }
        finally
        {
            foreach (var processor in processors)
            {
                results.Notes.Add($"{scenario}: a processor's peak resident memory {processor.Stop():F0} MiB over the phase.");
                processor.Dispose();
            }
        }
    }

    // Untimed, once per phase: a batch run often enough that the runtime has compiled its hot paths before anything is timed.
    async Task WarmUpAsync(BenchInputs inputs, string batchFolder)
    {
        await FreshBlobStore.ResetAsync();
        var output = Path.Combine(settings.WorkFolder, "warm-up");
        await _programs.RunCliAsync("submit", batchFolder, "--op", "to_gray", "--wait", "--no-cache", "--out", output);
        if (Directory.Exists(output))
            Directory.Delete(output, recursive: true);
    }

    /// <summary>Empties the store, runs one job on <paramref name="firstInput"/> untimed, then <paramref name="measure"/>.</summary>
    async Task OnFreshStoreAsync(string firstInput, Func<Task> measure)
    {
        await FreshBlobStore.ResetAsync();
        // The first job after the store's restart pays for new connections: done before timing. Timed runs pass --no-cache,
        // so that each measures the pipeline, not a copy of a kept result.
        await _programs.RunCliAsync("submit", firstInput, "--op", "noop", "--wait", "--no-cache", "--out", Path.Combine(settings.WorkFolder, "warm-up"));
        await measure();
    }
}
