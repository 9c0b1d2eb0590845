using ImagePipeline.Protocol.Status;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Storage;

namespace ImagePipeline.Client.Submitting;

/// <summary>
/// Records a submission before anything else (<see cref="SubmissionRecord"/>) and keeps its
/// <see cref="SubmissionProgress"/> current while it runs: rewritten every <see cref="SubmissionProgress.HeartbeatInterval"/>
/// with the images queued so far. Once the saga host has ended the submission (cancelled, or taken for dead), or
/// another submitter has taken it over, a rewrite is refused, and the submission is stopped.
/// </summary>
internal sealed class SubmissionHeartbeat
{
    readonly SubmissionRecords _records;
    readonly CancellationTokenSource _submission;
    readonly CancellationTokenSource _stop = new();
    readonly byte[] _queued;
    readonly Guid _jobId;
    readonly Guid _submitterId;
    string _etag;
    Task _beating = Task.CompletedTask;

    SubmissionHeartbeat(SubmissionRecords records, SubmissionProgress progress, string etag, CancellationTokenSource submission)
    {
        (_records, _jobId, _submitterId, _etag, _submission) = (records, progress.JobId, progress.SubmitterId, etag, submission);
        _queued = (byte[])progress.QueuedBits.Clone();
    }

    /// <summary>
    /// The reason the saga host ended the submission with, once it has, or that another submitter took it over; the
    /// submission was then cancelled.
    /// </summary>
    public string? EndedReason { get; private set; }

    /// <param name="submission">Cancelled when the saga host has ended the submission, or another submitter took it over.</param>
    /// <exception cref="SubmissionEndedException">The same job was submitted before, and the saga host has ended it.</exception>
    public static async Task<SubmissionHeartbeat> StartAsync(SubmissionRecords records, SubmissionRecord record, CancellationTokenSource submission,
        CancellationToken cancellationToken)
    {
        var progress = new SubmissionProgress
        {
            JobId = record.JobId, SubmitterId = Guid.NewGuid(), HeartbeatAt = DateTimeOffset.UtcNow, QueuedBits = IndexSet.Create(record.Images.Count),
        };
        var earlier = await records.TryReadProgressAsync(record.JobId, cancellationToken).ConfigureAwait(false);
        // The same job submitted again after its first submitter stopped (a watched folder resuming) takes over its
        // record, unless the saga host has ended that submission meanwhile.
        if (earlier?.Value.EndedReason is { } reason)
            throw new SubmissionEndedException(record.JobId, reason);
        await records.WriteAsync(record, replace: earlier is not null, cancellationToken).ConfigureAwait(false);
        var etag = await records.WriteProgressAsync(progress, earlier?.ETag, cancellationToken).ConfigureAwait(false);
        return Beating(new SubmissionHeartbeat(records, progress, etag, submission));
    }

    /// <summary>
    /// Takes over a submission whose submitter stopped (<c>submit --resume</c>): its progress, as read at
    /// <paramref name="etag"/> (null: it had written none), is rewritten as this submitter's, keeping the images it says were queued.
    /// </summary>
    /// <param name="submission">Cancelled when the saga host has ended the submission, or another submitter took it over.</param>
    /// <exception cref="BlobConditionFailedException">The progress changed since it was read: its submitter lives, or the saga host ended it.</exception>
    public static async Task<SubmissionHeartbeat> TakeOverAsync(SubmissionRecords records, SubmissionRecord record, SubmissionProgress stopped, string? etag,
        CancellationTokenSource submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(stopped);
        var queued = IndexSet.Create(record.Images.Count);
        Array.Copy(stopped.QueuedBits, queued, Math.Min(stopped.QueuedBits.Length, queued.Length));
        var progress = stopped with { SubmitterId = Guid.NewGuid(), HeartbeatAt = DateTimeOffset.UtcNow, QueuedBits = queued };
        var written = await records.WriteProgressAsync(progress, etag, cancellationToken).ConfigureAwait(false);
        return Beating(new SubmissionHeartbeat(records, progress, written, submission));
    }

    /// <summary>Whether the image was queued when the submission started or since, by this submitter or the one it took over from.</summary>
    public bool IsQueued(int imageIndex)
    {
        lock (_queued)
            return IndexSet.Contains(_queued, imageIndex);
    }

    static SubmissionHeartbeat Beating(SubmissionHeartbeat heartbeat)
    {
        heartbeat._beating = heartbeat.BeatAsync();
        return heartbeat;
    }

    /// <summary>The image's tiles (or its end) have been sent: the saga host must not end it.</summary>
    public void MarkQueued(int imageIndex)
    {
        lock (_queued)
            IndexSet.Add(_queued, imageIndex);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _beating.ConfigureAwait(false);
    }

    public Task DeleteAsync(CancellationToken cancellationToken) => _records.DeleteAsync(_jobId, cancellationToken);

    async Task BeatAsync()
    {
        using var timer = new PeriodicTimer(SubmissionProgress.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (!await TryRewriteAsync(_stop.Token).ConfigureAwait(false))
                {
                    await _submission.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <returns>False once the saga host has ended the submission.</returns>
    async Task<bool> TryRewriteAsync(CancellationToken cancellationToken)
    {
        byte[] queued;
        lock (_queued)
            queued = (byte[])_queued.Clone();
        var progress = new SubmissionProgress { JobId = _jobId, SubmitterId = _submitterId, HeartbeatAt = DateTimeOffset.UtcNow, QueuedBits = queued };
        try
        {
            _etag = await _records.WriteProgressAsync(progress, _etag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (BlobConditionFailedException)
        {
            // The saga host ended the submission, another submitter took it over, or an earlier write of ours landed but its answer was lost.
            var stored = await _records.TryReadProgressAsync(_jobId, cancellationToken).ConfigureAwait(false);
            if (stored is { Value.EndedReason: null } mine && mine.Value.SubmitterId == _submitterId)
            {
                _etag = mine.ETag;
                return true;
            }

            EndedReason = stored?.Value.EndedReason
                ?? (stored is null ? "its submission record was removed" : "another submitter took it over (imagepipe submit --resume)");
            return false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The store stumbled: the next beat tries again, and a long silence is what the saga host waits for anyway.
            return true;
        }
    }
}
