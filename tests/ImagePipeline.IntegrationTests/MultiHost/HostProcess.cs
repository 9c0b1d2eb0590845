using System.Diagnostics;
using System.Text;

namespace ImagePipeline.IntegrationTests.MultiHost;

/// <summary>A program of the pipeline running inside one lab host's network namespace; its output is kept.</summary>
internal sealed class HostProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    HostProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts <c>dotnet <paramref name="assembly"/></c> in <paramref name="networkNamespace"/>; `ip netns exec` execs, so the PID is dotnet's.</summary>
    public static HostProcess Start(string name, string networkNamespace, string assembly, IReadOnlyDictionary<string, string> environment,
        params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["netns", "exec", networkNamespace, "dotnet", assembly, .. arguments])
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return new HostProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}."), name);
    }

    /// <summary>Lines of output containing <paramref name="text"/>.</summary>
    public int CountLines(string text) => Output.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not finish within {timeout}. Output:\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
