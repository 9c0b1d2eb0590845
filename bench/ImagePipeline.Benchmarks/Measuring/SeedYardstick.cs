using System.Diagnostics;

namespace ImagePipeline.Benchmarks.Measuring;

/// <summary>
/// What a user would run instead of imagepipe (bench/yardsticks/seed_yardstick.py): the seed's own function in
/// Debian's python3-opencv, over the whole images in one process (OpenCV's threads) or over a batch in a process
/// pool of one process per core (one OpenCV thread each). Timed from start to exit, as imagepipe is.
/// </summary>
internal static class SeedYardstick
{
    const string Python = "/usr/bin/python3";

    /// <param name="mode">"whole" or "pool".</param>
    public static async Task<(TimeSpan Elapsed, int ExitCode, double CpuSeconds)> RunAsync(string repoRoot, string mode, string op,
        string outFolder, IReadOnlyList<string> inputs)
    {
        var start = new ProcessStartInfo(Python) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Path.Combine(repoRoot, "bench/yardsticks/seed_yardstick.py"), mode, op, outFolder, .. inputs])
            start.ArgumentList.Add(argument);
        var cpuBefore = CpuTime.OfEndedChildren();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = watch.Elapsed;
        var cpu = CpuTime.OfEndedChildren() - cpuBefore;
        if (process.ExitCode != 0)
            Console.Error.WriteLine($"seed_yardstick.py {mode} {op} exited {process.ExitCode}:\n{await errors}{await output}");
        return (elapsed, process.ExitCode, cpu);
    }
}
