using ImagePipeline.Protocol.Status;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Storage;

namespace ImagePipeline.Client.Submitting;

/// <summary>
/// Keeps a submission's <see cref="SubmissionRecord"/> current while it runs: written before anything else, then
/// rewritten every <see cref="SubmissionRecord.HeartbeatInterval"/> with the images queued so far. Once the saga host
/// has ended the submission (cancelled, or taken for dead) a rewrite is refused, and the submission is stopped.
/// </summary>
internal sealed class SubmissionHeartbeat
{
    readonly SubmissionRecords _records;
    readonly CancellationTokenSource _submission;
    readonly CancellationTokenSource _stop = new();
    readonly byte[] _queued;
    SubmissionRecord _record;
    string _etag;
    Task _beating = Task.CompletedTask;

    SubmissionHeartbeat(SubmissionRecords records, SubmissionRecord record, string etag, CancellationTokenSource submission)
    {
        (_records, _record, _etag, _submission) = (records, record, etag, submission);
        _queued = (byte[])record.QueuedBits.Clone();
    }

    /// <summary>The reason the saga host ended the submission with, once it has; the submission was then cancelled.</summary>
    public string? EndedReason { get; private set; }

    /// <param name="submission">Cancelled when the saga host has ended the submission.</param>
    public static async Task<SubmissionHeartbeat> StartAsync(SubmissionRecords records, SubmissionRecord record, CancellationTokenSource submission,
        CancellationToken cancellationToken)
    {
        record = record with { HeartbeatAt = DateTimeOffset.UtcNow, QueuedBits = IndexSet.Create(record.Images.Count) };
        string etag;
        try
        {
            etag = await records.WriteAsync(record, etag: null, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException)
        {
            // The same job submitted again after its first submitter stopped (a watched folder resuming): this one takes
            // over, unless the saga host has ended the job meanwhile.
            var earlier = await records.TryReadAsync(record.JobId, cancellationToken).ConfigureAwait(false);
            if (earlier?.Record.EndedReason is { } reason)
                throw new SubmissionEndedException(record.JobId, reason);
            etag = await records.WriteAsync(record, earlier?.ETag, cancellationToken).ConfigureAwait(false);
        }

        var heartbeat = new SubmissionHeartbeat(records, record, etag, submission);
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

    public Task DeleteAsync(CancellationToken cancellationToken) => _records.DeleteAsync(_record.JobId, cancellationToken);

    async Task BeatAsync()
    {
        using var timer = new PeriodicTimer(SubmissionRecord.HeartbeatInterval);
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
        var record = _record with { HeartbeatAt = DateTimeOffset.UtcNow, QueuedBits = queued };
        try
        {
            _etag = await _records.WriteAsync(record, _etag, cancellationToken).ConfigureAwait(false);
            _record = record;
            return true;
        }
        catch (BlobConditionFailedException)
        {
            // Either the saga host ended the submission, or an earlier write of ours landed but its answer was lost.
            var stored = await _records.TryReadAsync(_record.JobId, cancellationToken).ConfigureAwait(false);
            if (stored is { Record.EndedReason: null } mine)
            {
                _etag = mine.ETag;
                return true;
            }

            EndedReason = stored?.Record.EndedReason ?? "its submission record was removed";
            return false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The store stumbled: the next beat tries again, and a long silence is what the saga host waits for anyway.
            return true;
        }
    }
}
