using System.Collections.Concurrent;

namespace ImagePipeline.Client.Progress;

/// <summary>
/// Wakes a <see cref="JobWaiter"/> as soon as this process hears that its job has ended
/// (<see cref="JobEndListener"/>), so a wait ends when its job does rather than at its next poll: up to a
/// poll interval later (250 ms in <c>submit --wait</c>), plus that poll's reads. The polls stay the truth,
/// since a signal only cuts one wait short, and a process that hears nothing polls as before.
/// </summary>
public sealed class JobEndSignals
{
    readonly ConcurrentDictionary<Watch, byte> _watches = new();

    /// <summary>Starts listening for <paramref name="jobId"/>'s end; dispose to stop.</summary>
    public Watch WatchFor(Guid jobId)
    {
        var watch = new Watch(this, jobId);
        _watches.TryAdd(watch, 0);
        return watch;
    }

    public void Signal(Guid jobId)
    {
        foreach (var watch in _watches.Keys)
        {
            if (watch.JobId == jobId)
                watch.Wake();
        }
    }

    public sealed class Watch : IDisposable
    {
        readonly JobEndSignals _owner;

        // At most one wake-up is held: signals heard between two waits cut only the next one short, so a
        // signal the polls do not confirm can never make the waiter spin.
        readonly SemaphoreSlim _wakeUp = new(0, 1);

        internal Watch(JobEndSignals owner, Guid jobId)
        {
            _owner = owner;
            JobId = jobId;
        }

        public Guid JobId { get; }

        /// <summary>Returns after <paramref name="timeout"/>, or as soon as the job's end is heard.</summary>
        public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wakeUp.WaitAsync(timeout, cancellationToken);

        internal void Wake()
        {
            try
            {
                _wakeUp.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken and not yet waited for.
            }
            catch (ObjectDisposedException)
            {
                // The wait ended meanwhile.
            }
        }

        public void Dispose()
        {
            _owner._watches.TryRemove(this, out _);
            _wakeUp.Dispose();
        }
    }
}
