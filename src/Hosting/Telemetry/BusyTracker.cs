using System.Diagnostics;

namespace ImagePipeline.Hosting.Telemetry;

/// <summary>
/// Busy time of a processor's tile slots, counting tiles still in flight up to now, so a reading taken
/// in the middle of a long tile is not zero. Start and end times are summed rather than listed:
/// busy(now) = finished busy time + in-flight count x now - sum of in-flight start times.
/// </summary>
internal sealed class BusyTracker(int slots)
{
    readonly Lock _lock = new();
    long _finishedTicks;
    long _inFlight;
    long _startSum;
    long _lastReadAt = Stopwatch.GetTimestamp();
    long _lastReadBusy;

    public long Start()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            _inFlight++;
            _startSum += now;
        }

        return now;
    }

    public TimeSpan Stop(long startedAt)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            _inFlight--;
            _startSum -= startedAt;
            _finishedTicks += now - startedAt;
        }

        return Stopwatch.GetElapsedTime(startedAt, now);
    }

    /// <summary>Busy share of all slots since the previous call (one reader: the metrics exporter).</summary>
    public double FractionSinceLastRead()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            var busy = _finishedTicks + _inFlight * now - _startSum;
            var elapsed = now - _lastReadAt;
            var fraction = elapsed <= 0 ? 0 : (double)(busy - _lastReadBusy) / (elapsed * (double)slots);
            _lastReadAt = now;
            _lastReadBusy = busy;
            return Math.Clamp(fraction, 0, 1);
        }
    }
}
