using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ImagePipeline.IntegrationTests.Load;

/// <summary>
/// Samples the resident memory (VmRSS in /proc/&lt;pid&gt;/status) of a few OS processes at a fixed
/// interval, from the moment each is added until it exits or sampling stops, so a load test can
/// show a series and judge whether memory levels off instead of taking two snapshots.
/// </summary>
public sealed class ResidentMemorySampler : IAsyncDisposable
{
    readonly TimeSpan _interval;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly Lock _lock = new();
    readonly List<Series> _series = [];
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;

    public ResidentMemorySampler(TimeSpan interval)
    {
        _interval = interval;
        _loop = Task.Run(LoopAsync);
    }

    public TimeSpan Interval => _interval;

    /// <summary>Starts sampling <paramref name="pid"/> now (one sample at once, then every interval).</summary>
    public void Add(string name, int pid)
    {
        var series = new Series(name, pid);
        series.TrySample(_clock.Elapsed);
        lock (_lock)
            _series.Add(series);
    }

    /// <summary>Takes one last sample of every process still running and stops.</summary>
    public async Task<IReadOnlyList<Series>> StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _loop;
            SampleAll();
        }

        lock (_lock)
            return [.. _series];
    }

    async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                SampleAll();
        }
        catch (OperationCanceledException)
        {
        }
    }

    void SampleAll()
    {
        Series[] all;
        lock (_lock)
            all = [.. _series];
        var now = _clock.Elapsed;
        foreach (var series in all)
            series.TrySample(now);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>One process's samples: seconds since the sampler started, resident megabytes.</summary>
    public sealed class Series(string name, int pid)
    {
        readonly List<(double Seconds, double Megabytes)> _samples = [];
        bool _ended;

        public string Name { get; } = name;

        public int Pid { get; } = pid;

        public IReadOnlyList<(double Seconds, double Megabytes)> Samples
        {
            get { lock (_samples) return [.. _samples]; }
        }

        public double Start => Samples[0].Megabytes;

        public double Peak => Samples.Max(s => s.Megabytes);

        public double End => Samples[^1].Megabytes;

        internal void TrySample(TimeSpan at)
        {
            lock (_samples)
            {
                if (_ended)
                    return;
                if (ReadResidentMegabytes(Pid) is { } megabytes)
                    _samples.Add((at.TotalSeconds, megabytes));
                else
                    _ended = true; // exited: its last sample stays its end
            }
        }

        /// <summary>
        /// Growth after warm-up: the peak of the second half of the samples minus the peak of the first
        /// half. A process whose memory has levelled off reaches the same peaks again (the GC saw-tooth
        /// included); one that keeps growing sets new ones in proportion to the time that passed.
        /// </summary>
        public (double FirstHalfPeak, double SecondHalfPeak) HalfPeaks()
        {
            var samples = Samples;
            var half = samples.Count / 2;
            return (samples.Take(half).Max(s => s.Megabytes), samples.Skip(half).Max(s => s.Megabytes));
        }

        /// <summary>"name: start → peak → end MB" followed by the whole series, one value per sample.</summary>
        public string Describe()
        {
            var samples = Samples;
            if (samples.Count == 0)
                return $"{Name} (pid {Pid}): no samples";
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{Name} (pid {Pid}) RSS MB start {Start:0} peak {Peak:0} end {End:0}");
            text.Append(CultureInfo.InvariantCulture, $" over {samples[^1].Seconds - samples[0].Seconds:0} s ({samples.Count} samples from t={samples[0].Seconds:0} s):");
            foreach (var (_, megabytes) in samples)
                text.Append(CultureInfo.InvariantCulture, $" {megabytes:0}");
            return text.ToString();
        }
    }

    /// <summary>VmRSS of <paramref name="pid"/> in MB, or null when the process is gone.</summary>
    public static double? ReadResidentMegabytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }

            return null; // a zombie has no VmRSS line
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
