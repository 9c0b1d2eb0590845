using System.Diagnostics;

namespace ImagePipeline.UnitTests.Support;

/// <summary>What a program run by <see cref="CliProcess"/> printed and exited with.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit code {ExitCode} after {Elapsed.TotalSeconds:0.0} s\n--- stdout:\n{Output}\n--- stderr:\n{Error}";
}

/// <summary>
/// A built program of the pipeline (by default <c>imagepipe</c>) run as a shell would run it into a pipe: a process of
/// its own, standard output and error captured apart (so neither is a terminal), and none of this machine's IMAGEPIPE_*
/// settings but those given.
/// </summary>
public static class CliProcess
{
    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? settings, params string[] arguments) =>
        RunAsync(BuiltProgram.Cli, settings, Environment.CurrentDirectory, TimeSpan.FromMinutes(2), arguments);

    /// <param name="assembly">The program's path (<see cref="BuiltProgram"/>).</param>
    public static Task<CliResult> RunAsync(string assembly, IReadOnlyDictionary<string, string>? settings, string workingDirectory,
        TimeSpan timeout, params string[] arguments) =>
        StartAsync("dotnet", [assembly, .. arguments], settings, workingDirectory, timeout);

    /// <summary>The same inside a network namespace (`ip netns exec` execs the program in place).</summary>
    public static Task<CliResult> RunInNamespaceAsync(string networkNamespace, IReadOnlyDictionary<string, string>? settings, params string[] arguments) =>
        StartAsync("ip", ["netns", "exec", networkNamespace, "dotnet", BuiltProgram.Cli, .. arguments], settings, Environment.CurrentDirectory,
            TimeSpan.FromMinutes(2));

    static async Task<CliResult> StartAsync(string program, string[] arguments, IReadOnlyDictionary<string, string>? settings,
        string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var inherited in start.Environment.Keys.Where(key => key.StartsWith("IMAGEPIPE_", StringComparison.Ordinal)
                     && !key.StartsWith("IMAGEPIPE_TEST_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(inherited);
        start.Environment.Remove("COLUMNS");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within {timeout}:\n{await output}\n{await error}");
        }

        return new CliResult(process.ExitCode, await output, await error, clock.Elapsed);
    }
}
