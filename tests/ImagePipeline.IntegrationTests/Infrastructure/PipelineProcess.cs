using System.Diagnostics;
using System.Text;

namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>A program of the pipeline running as a separate OS process, its output kept for failure messages.</summary>
public sealed class PipelineProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    PipelineProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static PipelineProcess Start(string name, string assembly, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Launch(name, "dotnet", [assembly, .. arguments], environment);

    /// <summary>Starts <c>dotnet <paramref name="assembly"/></c> in a network namespace; `ip netns exec` execs, so the PID is dotnet's.</summary>
    public static PipelineProcess StartIn(string networkNamespace, string name, string assembly, IReadOnlyDictionary<string, string> environment,
        params string[] arguments) =>
        Launch(name, "ip", ["netns", "exec", networkNamespace, "dotnet", assembly, .. arguments], environment);

    static PipelineProcess Launch(string name, string program, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return new PipelineProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}."), name);
    }

    /// <summary>Lines of output containing <paramref name="text"/>.</summary>
    public int CountLines(string text) => Output.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>SIGKILL: the process gets no chance to finish or return its work.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM: what systemd sends to stop a service.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>SIGINT: what Ctrl+C sends.</summary>
    public void Interrupt() => Signal("INT");

    /// <summary>SIGSTOP: the process hangs mid-work, sends no heartbeats and acks nothing, but keeps its connections open.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>SIGCONT: a frozen process resumes where it stopped, late.</summary>
    public void Thaw() => Signal("CONT");

    void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            KillHard();
            throw new TimeoutException($"{Name} did not finish within {timeout}. Output:\n{Output}");
        }

        _process.WaitForExit(); // flushes the redirected output
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
        KillHard();
        _process.Dispose();
    }
}
