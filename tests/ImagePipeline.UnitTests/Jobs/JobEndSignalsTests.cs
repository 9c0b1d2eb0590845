using System.Diagnostics;
using ImagePipeline.Client.Progress;

namespace ImagePipeline.UnitTests.Jobs;

public sealed class JobEndSignalsTests
{
    static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Signal_WakesAWaitOnItsJob_AndNoOther()
    {
        var signals = new JobEndSignals();
        var job = Guid.NewGuid();
        using var watch = signals.WatchFor(job);
        using var other = signals.WatchFor(Guid.NewGuid());
        var waiting = watch.WaitAsync(Long, CancellationToken.None);
        var otherWaiting = other.WaitAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);

        signals.Signal(job);

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        var elapsed = Stopwatch.StartNew();
        await otherWaiting;
        Assert.True(elapsed.ElapsedMilliseconds > 100, "a signal for another job must not wake this wait");
    }

    [Fact]
    public async Task Signals_HeardBetweenWaits_CutOnlyTheNextWaitShort()
    {
        var signals = new JobEndSignals();
        var job = Guid.NewGuid();
        using var watch = signals.WatchFor(job);

        signals.Signal(job);
        signals.Signal(job);

        await watch.WaitAsync(Long, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var second = Stopwatch.StartNew();
        await watch.WaitAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.True(second.ElapsedMilliseconds > 100, "two signals before a wait must hold one wake-up, not two");
    }

    [Fact]
    public async Task Signal_WithNoWatchOnItsJob_IsDropped_NotHeldForALaterWatch()
    {
        var signals = new JobEndSignals();
        var job = Guid.NewGuid();
        signals.WatchFor(job).Dispose();

        signals.Signal(job);

        using var later = signals.WatchFor(job);
        var elapsed = Stopwatch.StartNew();
        await later.WaitAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.True(elapsed.ElapsedMilliseconds > 100, "a signal heard while nobody watched its job must not wake a later wait");
    }
}
