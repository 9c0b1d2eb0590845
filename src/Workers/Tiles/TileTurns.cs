using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Workers.Tiles;

/// <summary>
/// Whose tile a process works on next. Every tile command it has been handed (its lanes' prefetch) waits here
/// for one of <see cref="ProcessingOptions.ConcurrentTiles"/> turns: interactive jobs' tiles first, then the
/// waiting jobs of the class in rotation, one tile each, so a job's place in the queues does not decide whole
/// stretches of the processors' time.
/// </summary>
public sealed class TileTurns(IOptions<ProcessingOptions> options)
{
    readonly Lock _lock = new();
    readonly ClassQueue _interactive = new();
    readonly ClassQueue _batch = new();
    int _free = options.Value.ConcurrentTiles;

    /// <summary>Waits for this tile's turn; disposing the result gives the turn to the next tile.</summary>
    public async ValueTask<IDisposable> TakeAsync(Guid jobId, JobPriority priority, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (_free > 0 && _interactive.Count == 0 && _batch.Count == 0)
            {
                _free--;
                return new Turn(this);
            }

            waiter = new Waiter(jobId);
            (priority == JobPriority.Interactive ? _interactive : _batch).Enqueue(waiter);
        }

        await using (cancellationToken.Register(() => Abandon(waiter, priority)).ConfigureAwait(false))
            await waiter.Granted.Task.ConfigureAwait(false);
        return new Turn(this);
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

    void Release()
    {
        Waiter? next;
        lock (_lock)
        {
            next = _interactive.Dequeue() ?? _batch.Dequeue();
            if (next is null)
                _free++;
        }

        // The turn passes straight to the next tile, outside the lock, so its continuation does not run under it.
        next?.Granted.TrySetResult();
    }

    sealed class Turn(TileTurns turns) : IDisposable
    {
        int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                turns.Release();
        }
    }

    sealed class Waiter(Guid jobId)
    {
        public Guid JobId { get; } = jobId;
        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
