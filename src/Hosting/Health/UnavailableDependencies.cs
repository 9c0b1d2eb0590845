using System.Globalization;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Hosting.Health;

/// <summary>
/// The one record of which dependencies (the blob store, the broker) this process finds unavailable, since when and
/// why. An outage that has lasted <see cref="Threshold"/> is logged as a warning, then again every
/// <see cref="Interval"/> while it lasts, and its end once it was logged: a blip that the retries ride out says nothing.
/// </summary>
public sealed partial class UnavailableDependencies(TimeProvider time, ILogger<UnavailableDependencies> logger)
{
    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    readonly Dictionary<string, Outage> _outages = [];

    /// <summary>An operation on <paramref name="dependency"/> failed for <paramref name="reason"/> (a clause naming it).</summary>
    public void Failed(string dependency, string reason)
    {
        lock (_outages)
        {
            if (_outages.TryGetValue(dependency, out var outage))
                outage.Reason = reason;
            else
                _outages[dependency] = new Outage(time.GetUtcNow(), reason);
        }

        Report();
    }

    /// <summary>An operation that proves <paramref name="dependency"/> back succeeded.</summary>
    public void Succeeded(string dependency)
    {
        Outage? ended;
        lock (_outages)
        {
            if (!_outages.Remove(dependency, out ended))
                return;
        }

        if (ended.LastLogged is not null)
            LogBack(logger, dependency, Minutes(time.GetUtcNow() - ended.Since));
    }

    public bool IsUnavailable(string dependency)
    {
        lock (_outages)
            return _outages.ContainsKey(dependency);
    }

    /// <summary>Logs each outage that has reached the threshold and was not logged within the interval.</summary>
    public void Report()
    {
        var now = time.GetUtcNow();
        List<(string Dependency, TimeSpan Lasted, string Reason)> due = [];
        lock (_outages)
        {
            foreach (var (dependency, outage) in _outages)
            {
                if (now - outage.Since < Threshold || now - outage.LastLogged < Interval)
                    continue;
                outage.LastLogged = now;
                due.Add((dependency, now - outage.Since, outage.Reason));
            }
        }

        foreach (var (dependency, lasted, reason) in due)
            LogUnavailable(logger, dependency, Minutes(lasted), reason);
    }

    static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture);

    sealed class Outage(DateTimeOffset since, string reason)
    {
        public DateTimeOffset Since { get; } = since;

        public string Reason { get; set; } = reason;

        public DateTimeOffset? LastLogged { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dependency} unavailable for {Minutes} min: {Reason}")]
    static partial void LogUnavailable(ILogger logger, string dependency, string minutes, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dependency} back after {Minutes} min")]
    static partial void LogBack(ILogger logger, string dependency, string minutes);
}
