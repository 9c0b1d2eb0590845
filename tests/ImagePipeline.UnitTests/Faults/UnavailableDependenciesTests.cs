using ImagePipeline.Hosting.Health;
using ImagePipeline.UnitTests.Support;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.UnitTests.Faults;

public sealed class UnavailableDependenciesTests
{
    const string Store = "the blob store";
    const string Refused = "the blob store refused the write (HTTP 500; is its disk full?)";

    readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    readonly RecordingLogger<UnavailableDependencies> _log = new();
    readonly UnavailableDependencies _health;

    public UnavailableDependenciesTests() => _health = new UnavailableDependencies(_time, _log);

    [Fact]
    public void Report_WhenAFailureIsShorterThanTheThreshold_SaysNothing()
    {
        _health.Failed(Store, Refused);
        _time.Advance(UnavailableDependencies.Threshold - TimeSpan.FromSeconds(1));
        _health.Report();
        _health.Succeeded(Store);

        Assert.Empty(_log.Lines);
        Assert.False(_health.IsUnavailable(Store));
    }

    [Fact]
    public void Report_WhenAnOutageLasts_WarnsAtTheThresholdAndThenEveryMinuteWithTheReason()
    {
        _health.Failed(Store, Refused);
        var warnedAt = new List<double>();
        for (var second = 0; second <= 180; second += 5)
        {
            var before = _log.Lines.Count;
            _health.Report();
            if (_log.Lines.Count > before)
                warnedAt.Add(second);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal([30, 90, 150], warnedAt);
        Assert.All(_log.Lines, line => Assert.Equal(LogLevel.Warning, line.Level));
        Assert.Equal($"{Store} unavailable for 0.5 min: {Refused}", _log.Lines[0].Message);
        Assert.Equal($"{Store} unavailable for 1.5 min: {Refused}", _log.Lines[1].Message);
    }

    [Fact]
    public void Failed_WhenTheOutageGoesOn_KeepsItsStartAndReportsTheLatestReason()
    {
        _health.Failed(Store, "the blob store is not reachable (Connection refused)");
        _time.Advance(TimeSpan.FromSeconds(40));
        _health.Failed(Store, Refused);

        Assert.Equal($"{Store} unavailable for 0.7 min: {Refused}", Assert.Single(_log.Lines).Message);
    }

    [Fact]
    public void Succeeded_AfterAWarning_SaysTheDependencyIsBackAndHowLongItWasOut()
    {
        _health.Failed(Store, Refused);
        _time.Advance(TimeSpan.FromMinutes(2));
        _health.Report();
        _health.Succeeded(Store);
        _time.Advance(TimeSpan.FromMinutes(5));
        _health.Report();

        Assert.Equal([$"{Store} unavailable for 2 min: {Refused}", $"{Store} back after 2 min"], _log.Lines.Select(line => line.Message));
        Assert.False(_health.IsUnavailable(Store));
    }

    [Fact]
    public void Report_KeepsEachDependencysOwnClock()
    {
        _health.Failed(Store, Refused);
        _time.Advance(TimeSpan.FromSeconds(20));
        _health.Failed("the message broker", "the message broker is not reachable (Connection refused)");
        _time.Advance(TimeSpan.FromSeconds(15));
        _health.Report();

        Assert.Equal($"{Store} unavailable for 0.6 min: {Refused}", Assert.Single(_log.Lines).Message);
    }
}
