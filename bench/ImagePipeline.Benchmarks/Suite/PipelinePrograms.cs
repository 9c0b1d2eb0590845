using System.Diagnostics;
using ImagePipeline.Benchmarks.Measuring;

namespace ImagePipeline.Benchmarks.Suite;

/// <summary>The built programs, run as separate processes exactly as a user runs them.</summary>
internal sealed class PipelinePrograms(SuiteSettings settings)
{
    static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(30);
    static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    /// <summary>The CLI, from start to exit (so its own start-up is counted, as a user would feel it), and the CPU-seconds it used.</summary>
    public async Task<(TimeSpan Elapsed, int ExitCode, double PeakMiB, double CpuSeconds)> RunCliAsync(params string[] arguments)
    {
        var cpuBefore = CpuTime.OfEndedChildren();
        var watch = Stopwatch.StartNew();
        using var cli = ChildProcess.Start(settings.ImagepipeDll, NoEnvironment, arguments);
        int exitCode;
        try
        {
            exitCode = await cli.WaitAsync(RunTimeout);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"imagepipe {string.Join(' ', arguments)} ran over {RunTimeout}. Output:\n{cli.Output}");
        }

        var elapsed = watch.Elapsed;
        var cpu = CpuTime.OfEndedChildren() - cpuBefore;
        if (exitCode != 0)
            Console.Error.WriteLine($"imagepipe {arguments[0]} exited {exitCode}:\n{Tail(cli.Output)}");
        return (elapsed, exitCode, cli.PeakMiB, cpu);
    }

    /// <summary>Starts <paramref name="count"/> processors (each also hosting the sagas) and waits until each host has started.</summary>
    public Task<IReadOnlyList<ChildProcess>> StartProcessorsAsync(int count) =>
        StartProcessorsAsync(Enumerable.Repeat(NoEnvironment, count).ToArray());

    /// <summary>Starts one processor per entry, each with its own extra settings (IMAGEPIPE_* variables), and waits until each host has started.</summary>
    public async Task<IReadOnlyList<ChildProcess>> StartProcessorsAsync(IReadOnlyList<IReadOnlyDictionary<string, string>> settingsEach)
    {
        var processors = new List<ChildProcess>();
        foreach (var extra in settingsEach)
        {
            // Information logs only for the lifetime line we wait on; the rest would flood the pipe.
            var environment = new Dictionary<string, string>
            {
                ["IMAGEPIPE_Logging__LogLevel__Default"] = "Warning",
                ["IMAGEPIPE_Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
                // As deploy/systemd's processor unit sets them.
                ["MALLOC_ARENA_MAX"] = "2",
                ["MALLOC_MMAP_THRESHOLD_"] = "8388608",
                ["MALLOC_TRIM_THRESHOLD_"] = "33554432",
                ["GLIBC_TUNABLES"] = "glibc.malloc.hugetlb=1",
            };
            foreach (var (key, value) in extra)
                environment[key] = value;
            processors.Add(ChildProcess.Start(settings.ProcessorDll, environment, []));
        }

        foreach (var processor in processors)
            await processor.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(60));
        return processors;
    }

    static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(15));
}
