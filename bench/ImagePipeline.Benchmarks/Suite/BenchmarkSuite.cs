using System.Globalization;
using ImagePipeline.Benchmarks.Inputs;
using ImagePipeline.Benchmarks.Measuring;
using ImagePipeline.Benchmarks.Results;
using ImagePipeline.Imaging;
using ImagePipeline.Storage;
using OpenCvSharp;
using RabbitMQ.Client;

namespace ImagePipeline.Benchmarks.Suite;

/// <summary>
/// One run of everything, so ratios are taken between numbers measured minutes apart on the same
/// (shared, noisy) machine: first the in-process limit and the embedded pipeline, then the
/// distributed pipeline with one processor, then with two, each job on a fresh store.
/// </summary>
internal sealed class BenchmarkSuite(SuiteSettings settings)
{
    readonly PipelinePrograms _programs = new(settings);
    readonly ScenarioRecorder _recorder = new(settings);

    public async Task RunAsync()
    {
        var defaultThreads = Cv2.GetNumThreads();
        // The limit gets the native heap policy the pipeline's processes run with: without it, each small image's
        // buffers are mapped and faulted in afresh, and the limit would be slower than the machine allows.
        NativeHeapTuning.ReturnLargeBuffersToTheSystem();
        var results = new SuiteResults { Machine = MachineInfo.Read(), Command = Environment.CommandLine };
        results.Notes.Add($"OpenCV threads by default in this process: {defaultThreads}; batch limit runs use 1 per image, one image per core.");
        results.Notes.Add("Native heap policy of the pipeline's processes (mmap threshold 8 MiB, trim threshold 32 MiB) in this process too, since round 7.");
        results.Notes.Add(HugePageHeap.Restarted
            ? "Large heap blocks on transparent huge pages (glibc.malloc.hugetlb=1) in this process, as in the pipeline's processes, since round 11."
            : "This process was not restarted with its heap on huge pages (GLIBC_TUNABLES already set, or the kernel does not grant them on request).");
        Console.WriteLine($"Preparing inputs in {settings.WorkFolder} ...");
        var inputs = BenchInputs.Create(Path.Combine(settings.RepoRoot, "samples"), Path.Combine(settings.WorkFolder, "inputs"), settings.BatchSize);
        var batchFolder = Path.GetDirectoryName(inputs.One)!;
        var large = new[] { ("12 MP", inputs.Large12), ("48 MP", inputs.Large48) };

        foreach (var op in settings.Ops)
        {
            results.Add(_recorder.Limit(op, inputs.Batch));
            results.Add(await _recorder.CliAsync("batch", "embedded", op, "1 MP batch", inputs.Batch.Count, _programs, [], "run", batchFolder));
        }

        foreach (var op in LargeOps)
        foreach (var (name, file) in large)
        {
            results.Add(_recorder.Whole(op, name, file, 1));
            results.Add(_recorder.Whole(op, name, file, defaultThreads));
            results.Add(await _recorder.CliAsync("large", "embedded tiled", op, name, 1, _programs, [], "run", file));
        }

        results.Add(await _recorder.CliAsync("ceiling", "embedded", "noop", CeilingName, 1, _programs, [], "run", CeilingFile(inputs), "--tile-size", CeilingTile));
        // The fixed cost of one invocation: process start, host start, one tiny job.
        results.Add(await _recorder.CliAsync("fixed", "embedded", "noop", "one 1 MP", 1, _programs, [], "run", inputs.One));
        Save(results);

        if (FreshBlobStore.IsAvailable)
            results.Notes.Add("Each distributed job ran on a fresh, empty Azurite (since round 8), as did the stage timers; the processors "
                + "lived through each phase after an untimed warm-up (since round 9; round 8 started them for each job).");
        foreach (var count in new[] { 1, 2 })
            await DistributedAsync(results, inputs, batchFolder, large, count);

        await FreshBlobStore.ResetAsync();
        await TimeStagesAsync(results, inputs);
        results.Notes.Add($"Benchmark process peak resident memory: {PeakMemory.OfThisProcess():F0} MiB.");
        Save(results);
        Console.WriteLine($"Wrote {settings.JsonPath}");
    }

    // After every phase, so a run that fails late still leaves what it measured.
    void Save(SuiteResults results)
    {
        RatioCalculator.Fill(results.Measurements);
        results.Write(settings.JsonPath);
    }

    // Each job on a fresh Azurite (the emulator slows as it fills: round 8 measured a 200-image to_bw batch at
    // 8.7 s on a fresh one and 21.4 s some 3,000 images into a phase), so a job's time does not depend on what
    // ran before it. The processors live through the phase, as services on hosts do, and are warmed up first:
    // a freshly started one spends its first 20 s or so recompiling hot methods (round 8). One batch with
    // freshly started processors shows what that costs.
    async Task DistributedAsync(SuiteResults results, BenchInputs inputs, string batchFolder, (string, string)[] large, int count)
    {
        var scenario = $"distributed x{count}";
        var processors = await _programs.StartProcessorsAsync(count);
        try
        {
            await WarmUpAsync(inputs, batchFolder);
            await OnFreshStoreAsync(inputs.One, async () =>
                results.Add(await _recorder.CliAsync("fixed", scenario, "noop", "one 1 MP", 1, _programs, processors, "submit", inputs.One, "--wait", "--no-cache")));
            foreach (var op in settings.Ops)
            {
                await OnFreshStoreAsync(inputs.One, async () =>
                {
                    results.Add(await _recorder.CliAsync("batch", scenario, op, "1 MP batch", inputs.Batch.Count, _programs, processors,
                        "submit", batchFolder, "--wait", "--no-cache"));
                    // The same batch and op again, on the same store: shows whether finished work is reused or redone.
                    if (count == 2 && op == settings.Ops[0])
                        results.Add(await _recorder.CliAsync("batch", scenario + " repeat", op, "1 MP batch", inputs.Batch.Count, _programs, processors,
                            "submit", batchFolder, "--wait"));
                });
                Save(results);
            }

            foreach (var op in LargeOps)
            foreach (var (name, file) in large)
                await OnFreshStoreAsync(inputs.One, async () =>
                    results.Add(await _recorder.CliAsync("large", scenario + " tiled", op, name, 1, _programs, processors, "submit", file, "--wait", "--no-cache")));
            await OnFreshStoreAsync(inputs.One, async () =>
                results.Add(await _recorder.CliAsync("ceiling", scenario, "noop", CeilingName, 1, _programs, processors,
                    "submit", CeilingFile(inputs), "--tile-size", CeilingTile, "--wait", "--no-cache")));
        }
        finally
        {
            var peaks = StopAll(processors);
            for (var i = 0; i < peaks.Length; i++)
                results.Notes.Add($"{scenario}: processor {i + 1} peak resident memory {peaks[i]:F0} MiB over the phase.");
        }

        await ColdBatchAsync(results, inputs, batchFolder, count);
        Save(results);
    }

    // Untimed, once per phase: the paths of a batch of whole images and of a tiled image, run often enough
    // that the runtime has recompiled the hot ones before anything is timed.
    async Task WarmUpAsync(BenchInputs inputs, string batchFolder)
    {
        await FreshBlobStore.ResetAsync();
        var output = Path.Combine(settings.WorkFolder, "warm-up");
        await _programs.RunCliAsync("submit", batchFolder, "--op", "to_gray", "--wait", "--no-cache", "--out", output);
        await _programs.RunCliAsync("submit", inputs.Large12, "--op", "gaussian", "--tile-size", "512", "--wait", "--no-cache", "--out", output);
        if (Directory.Exists(output))
            Directory.Delete(output, recursive: true);
    }

    // The first op's batch once more, through processors started just before it (after a one-image job),
    // as the suite ran every distributed job in round 8.
    async Task ColdBatchAsync(SuiteResults results, BenchInputs inputs, string batchFolder, int count)
    {
        var processors = await _programs.StartProcessorsAsync(count);
        try
        {
            await OnFreshStoreAsync(inputs.One, async () =>
                results.Add(await _recorder.CliAsync("batch", $"distributed x{count} cold", settings.Ops[0], "1 MP batch", inputs.Batch.Count,
                    _programs, processors, "submit", batchFolder, "--wait", "--no-cache")));
        }
        finally
        {
            // Its peak is in the row: the processors lived for this one job.
            StopAll(processors);
        }
    }

    /// <summary>Stops and disposes every processor; returns each one's peak resident memory, MiB.</summary>
    static double[] StopAll(IReadOnlyList<ChildProcess> processors)
    {
        var peaks = new double[processors.Count];
        for (var i = 0; i < processors.Count; i++)
        {
            peaks[i] = processors[i].Stop();
            processors[i].Dispose();
        }

        return peaks;
    }

    /// <summary>Empties the store, runs one job on <paramref name="firstInput"/> untimed, then <paramref name="measure"/>.</summary>
    async Task OnFreshStoreAsync(string firstInput, Func<Task> measure)
    {
        await FreshBlobStore.ResetAsync();
        // The first job after the store's restart pays for new connections: done before timing. Every timed run but
        // the repeat passes --no-cache, so that each measures the pipeline, not a copy of a kept result.
        await _programs.RunCliAsync("submit", firstInput, "--op", "noop", "--wait", "--no-cache", "--out", Path.Combine(settings.WorkFolder, "warm-up"));
        await measure();
    }

    async Task TimeStagesAsync(SuiteResults results, BenchInputs inputs)
    {
        var blobs = new AzureBlobStore(PipelineSetting("Storage__ConnectionString"), "imagepipeline");
        var timer = new TileStageTimer(blobs);
        Cv2.SetNumThreads(1);
        foreach (var op in new[] { "gaussian", "bilateral" })
        {
            results.TileStages[$"{op}, 1 MP JPEG in, PNG out (Azurite)"] = await timer.WholeFileAsync(inputs.One, op);
            results.TileStages[$"{op}, 2048 px raw tile with halo (Azurite)"] = await timer.RawTileAsync(inputs.Large12, op, 2048);
        }

        var orchestration = new OrchestrationStageTimer(blobs);
        results.TileStages["outside TileWorker (RabbitMQ, Azurite)"] = new Dictionary<string, double>
        {
            ["queue wait, empty queue"] = await OrchestrationStageTimer.BrokerHopAsync(BrokerFromEnvironment()),
            ["saga update, 4-tile image"] = await orchestration.SagaUpdateAsync(4),
            ["saga update, 2961-tile image"] = await orchestration.SagaUpdateAsync(2961),
        };
    }

    // The broker scripts/bench.sh started, as it tells the pipeline's programs.
    static ConnectionFactory BrokerFromEnvironment() => new()
    {
        HostName = PipelineSetting("RabbitMq__Host"), Port = int.Parse(PipelineSetting("RabbitMq__Port"), CultureInfo.InvariantCulture),
        UserName = PipelineSetting("RabbitMq__Username"), Password = PipelineSetting("RabbitMq__Password"),
    };

    // A setting scripts/bench.sh gives the pipeline's programs (IMAGEPIPE_*), read here for the replicas that talk to the same services.
    static string PipelineSetting(string name) => Environment.GetEnvironmentVariable($"IMAGEPIPE_{name}")
        ?? throw new InvalidOperationException($"IMAGEPIPE_{name} is not set: run through scripts/bench.sh.");

    IReadOnlyList<string> LargeOps => settings.Quick ? ["bilateral", "gaussian"] : ["bilateral", "gaussian", "canny"];

    // Small tiles, so the work per tile is negligible against the pipeline's own cost per tile.
    string CeilingTile => settings.Quick ? "32" : "64";

    string CeilingName => settings.Quick ? "1 MP, 32 px tiles" : "12 MP, 64 px tiles";

    string CeilingFile(BenchInputs inputs) => settings.Quick ? inputs.One : inputs.Large12;
}
