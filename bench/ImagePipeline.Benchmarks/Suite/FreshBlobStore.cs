using System.Diagnostics;

namespace ImagePipeline.Benchmarks.Suite;

/// <summary>
/// Empties the blob store between distributed phases, by the command scripts/bench.sh gives
/// (IMAGEPIPE_BENCH_FRESH_STORE: stop Azurite, delete its folder, start it again on the same port).
/// Azurite's cost per request grows with the blobs it holds: without
/// this, each phase measured the emulator as the phases before it left it, not the pipeline.
/// </summary>
internal static class FreshBlobStore
{
    const string CommandVariable = "IMAGEPIPE_BENCH_FRESH_STORE";

    /// <summary>Whether the suite was given a way to empty the store.</summary>
    public static bool IsAvailable => Environment.GetEnvironmentVariable(CommandVariable) is { Length: > 0 };

    /// <summary>Runs the command, when there is one; nothing may be using the store meanwhile.</summary>
    public static async Task ResetAsync()
    {
        if (Environment.GetEnvironmentVariable(CommandVariable) is not { Length: > 0 } command)
            return;
        var start = new ProcessStartInfo("bash") { UseShellExecute = false };
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {command}.");
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} exited with {process.ExitCode}: the blob store was not renewed.");
    }
}
