using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Workers.Tiles;
using Microsoft.Extensions.Options;

namespace ImagePipeline.UnitTests.Fairness;

public sealed class TileTurnsTests
{
    static readonly Guid JobA = Guid.NewGuid(), JobB = Guid.NewGuid(), JobI = Guid.NewGuid();

    [Fact]
    public async Task Take_WhenTurnsAreBusy_InteractiveFirstThenBatchJobsInRotation()
    {
        var turns = new TileTurns(Options.Create(new ProcessingOptions { ConcurrentTiles = 1 }));
        var busy = await turns.TakeAsync(JobA, JobPriority.Batch, CancellationToken.None);
        // The turn kept for interactive tiles is taken too, so the next interactive tile has to wait like the rest.
        using var kept = await turns.TakeAsync(Guid.NewGuid(), JobPriority.Interactive, CancellationToken.None);
        var order = new List<string>();
        var waiting = new List<Task>();
        foreach (var (name, job, priority) in new[]
                 {
                     ("a1", JobA, JobPriority.Batch), ("a2", JobA, JobPriority.Batch), ("a3", JobA, JobPriority.Batch),
                     ("b1", JobB, JobPriority.Batch), ("b2", JobB, JobPriority.Batch), ("i1", JobI, JobPriority.Interactive),
                 })
            waiting.Add(TakeAndRecordAsync(turns, name, job, priority, order));

        busy.Dispose();
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["i1", "a1", "b1", "a2", "b2", "a3"], order);
    }

    [Fact]
    public async Task Take_WhenBatchTilesHoldEveryTurn_OneInteractiveTileStartsAtOnce_ASecondWaits()
    {
        var turns = new TileTurns(Options.Create(new ProcessingOptions { ConcurrentTiles = 1 }));
        using var busy = await turns.TakeAsync(JobA, JobPriority.Batch, CancellationToken.None);

        var first = turns.TakeAsync(JobI, JobPriority.Interactive, CancellationToken.None);
        var second = turns.TakeAsync(JobI, JobPriority.Interactive, CancellationToken.None).AsTask();
        var batch = turns.TakeAsync(JobB, JobPriority.Batch, CancellationToken.None).AsTask();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        (await first).Dispose();
        // The kept turn passes to the next interactive tile, never to a batch one.
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        Assert.False(batch.IsCompleted);
        busy.Dispose();
        (await batch.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Take_WhenInteractiveTilesHoldTheTurns_TheKeptTurnStaysUnused()
    {
        var turns = new TileTurns(Options.Create(new ProcessingOptions { ConcurrentTiles = 1 }));
        using var running = await turns.TakeAsync(JobI, JobPriority.Interactive, CancellationToken.None);

        var next = turns.TakeAsync(JobI, JobPriority.Interactive, CancellationToken.None).AsTask();

        // An interactive job alone runs as many tiles at once as the process has turns, no more.
        Assert.False(next.IsCompleted);
        running.Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Take_WhenAWaiterIsCancelled_ItNeverHoldsATurn()
    {
        var turns = new TileTurns(Options.Create(new ProcessingOptions { ConcurrentTiles = 1 }));
        var busy = await turns.TakeAsync(JobA, JobPriority.Batch, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = turns.TakeAsync(JobB, JobPriority.Batch, cancel.Token).AsTask();
        var next = turns.TakeAsync(JobA, JobPriority.Batch, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        busy.Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();

        // The one turn is free again, at once: the cancelled waiter neither took it nor left a place in the line.
        var again = turns.TakeAsync(JobB, JobPriority.Batch, CancellationToken.None);
        Assert.True(again.IsCompletedSuccessfully);
    }

    static async Task TakeAndRecordAsync(TileTurns turns, string name, Guid job, JobPriority priority, List<string> order)
    {
        using var turn = await turns.TakeAsync(job, priority, CancellationToken.None);
        lock (order)
            order.Add(name);
        // Held briefly, so the next grant follows this one's release rather than racing it.
        await Task.Yield();
    }
}
