using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Workers.Tiles;

/// <summary>
/// Whose tile a process works on next. Every tile command it has been handed (its lanes' prefetch) waits here
/// for one of <see cref="ProcessingOptions.ConcurrentTiles"/> turns: interactive jobs' tiles first, then the
/// waiting jobs of the class in rotation, one tile each, so a job's place in the queues does not decide whole
/// stretches of the processors' time. One more turn is kept for interactive tiles alone: one of them starts at
/// once even while batch tiles hold every other turn, sharing a core with them for its length instead of waiting
/// for one to end (a batch tile may take seconds).
/// </summary>
public sealed class TileTurns(IOptions<ProcessingOptions> options)
{
    readonly Lock _lock = new();
    readonly ClassQueue _interactive = new();
    readonly ClassQueue _batch = new();
    int _free = options.Value.ConcurrentTiles;
    int _kept = 1;
    int _interactiveOnShared;

    /// <summary>Which turn a tile holds: a shared one (as a batch or an interactive tile) or the one kept for interactive tiles.</summary>
    enum Held
    {
        Batch,
        Interactive,
        Kept,
    }

    /// <summary>Waits for this tile's turn; disposing the result gives the turn to the next tile.</summary>
    public async ValueTask<IDisposable> TakeAsync(Guid jobId, JobPriority priority, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            // Whoever waits came first; with no one waiting, a free turn goes at once.
            if (priority == JobPriority.Interactive && _interactive.Count == 0)
            {
                if (_free > 0)
                    return Grant(Held.Interactive);
                // The kept turn is for an interactive tile that would otherwise wait for batch tiles, not a second one of its own.
                if (_kept > 0 && _interactiveOnShared == 0)
                    return Grant(Held.Kept);
            }
            else if (priority == JobPriority.Batch && _interactive.Count == 0 && _batch.Count == 0 && _free > 0)
            {
                return Grant(Held.Batch);
            }

            waiter = new Waiter(jobId);
            (priority == JobPriority.Interactive ? _interactive : _batch).Enqueue(waiter);
        }

        Held held;
        await using (cancellationToken.Register(() => Abandon(waiter, priority)).ConfigureAwait(false))
            held = await waiter.Granted.Task.ConfigureAwait(false);
        return new Turn(this, held);
    }

    /// <summary>Takes a turn of the kind given; called under the lock.</summary>
    Turn Grant(Held held)
    {
        Count(held);
        return new Turn(this, held);
    }

    void Count(Held held)
    {
        if (held == Held.Kept)
            _kept--;
        else
            _free--;
        if (held == Held.Interactive)
            _interactiveOnShared++;
    }

    void Abandon(Waiter waiter, JobPriority priority)
    {
        lock (_lock)
        {
            if (!(priority == JobPriority.Interactive ? _interactive : _batch).Remove(waiter))
                return;
        }

        waiter.Granted.TrySetCanceled();
    }

    void Release(Held held)
    {
        Waiter? next;
        Held passed;
        lock (_lock)
        {
            if (held == Held.Kept)
            {
                _kept++;
                next = _interactiveOnShared == 0 ? _interactive.Dequeue() : null;
                passed = Held.Kept;
            }
            else
            {
                _free++;
                if (held == Held.Interactive)
                    _interactiveOnShared--;
                next = _interactive.Dequeue();
                passed = Held.Interactive;
                if (next is null && (next = _batch.Dequeue()) is not null)
                    passed = Held.Batch;
            }

            if (next is not null)
                Count(passed);
        }

        // The turn passes straight to the next tile, outside the lock, so its continuation does not run under it.
        next?.Granted.TrySetResult(passed);
    }

    sealed class Turn(TileTurns turns, Held held) : IDisposable
    {
        int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                turns.Release(held);
        }
    }

    sealed class Waiter(Guid jobId)
    {
        public Guid JobId { get; } = jobId;

        /// <summary>Set with the turn given.</summary>
        public TaskCompletionSource<Held> Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One class's waiting tiles, by job, and the order in which the jobs take turns.</summary>
    sealed class ClassQueue
    {
        readonly Dictionary<Guid, Queue<Waiter>> _byJob = [];
        readonly LinkedList<Guid> _rotation = [];

        public int Count { get; private set; }

        public void Enqueue(Waiter waiter)
        {
            if (!_byJob.TryGetValue(waiter.JobId, out var waiting))
            {
                _byJob[waiter.JobId] = waiting = new Queue<Waiter>();
                _rotation.AddLast(waiter.JobId);
            }

            waiting.Enqueue(waiter);
            Count++;
        }

        /// <summary>The first waiting tile of the job whose turn it is; that job then goes to the back of the rotation.</summary>
        public Waiter? Dequeue()
        {
            if (_rotation.First is not { } first)
                return null;
            var jobId = first.Value;
            var waiting = _byJob[jobId];
            var waiter = waiting.Dequeue();
            Count--;
            _rotation.RemoveFirst();
            if (waiting.Count > 0)
                _rotation.AddLast(jobId);
            else
                _byJob.Remove(jobId);
            return waiter;
        }

        public bool Remove(Waiter waiter)
        {
            if (!_byJob.TryGetValue(waiter.JobId, out var waiting) || !waiting.Contains(waiter))
                return false;
            var rest = waiting.Where(other => other != waiter).ToList();
            Count--;
            if (rest.Count == 0)
            {
                _byJob.Remove(waiter.JobId);
                _rotation.Remove(waiter.JobId);
            }
            else
            {
                _byJob[waiter.JobId] = new Queue<Waiter>(rest);
            }

            return true;
        }
    }
}
