using System.Diagnostics;
using System.Text;

namespace ImagePipeline.Benchmarks.Measuring;

/// <summary>A `dotnet &lt;dll&gt;` child process: its output kept, its peak memory sampled until it ends.</summary>
internal sealed class ChildProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly CancellationTokenSource _stop = new();
    readonly Task _sampler;

    ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // VmHWM vanishes with the process, so it is read while the process lives (every 50 ms and at the end).
        _sampler = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested && !_process.HasExited)
            {
                PeakMiB = Math.Max(PeakMiB, PeakMemory.ReadMiB(_process.Id) ?? 0);
                await Task.Delay(50).ConfigureAwait(false);
            }
        });
    }

    public int Id => _process.Id;

    public double PeakMiB { get; private set; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static ChildProcess Start(string dll, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
    {
        // Started from the program's own folder, as its service unit does, so it finds its appsettings.json.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll)),
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}."));
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        _process.WaitForExit();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampler.ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Waits until a line containing <paramref name="text"/> appears.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"No '{text}' within {timeout}. Output:\n{Output}");
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the final high-water mark, then ends the process.</summary>
    public double Stop()
    {
        PeakMiB = Math.Max(PeakMiB, PeakMemory.ReadMiB(_process.Id) ?? 0);
        _stop.Cancel();
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        return PeakMiB;
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
        Stop();
        _process.Dispose();
        _stop.Dispose();
    }
}
