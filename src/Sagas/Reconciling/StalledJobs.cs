using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Sagas.Persistence;
using ImagePipeline.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Sagas.Reconciling;

/// <summary>
/// Finds jobs that stopped moving and moves them again from what the store holds. When no message has waited in any
/// pipeline queue for <see cref="ProcessingOptions.StalledJobSeconds"/>, every job not ended is looked at: its work
/// parked because a dependency was unavailable is put back; otherwise each image not counted as ended is re-driven
/// from its results: an output present counts it done (a saga state that went backwards is not trusted), a saga
/// state that ended is reported again, one waiting on assembly or a reduction has it sent again, and one processing
/// has the tiles it lacks queued again (a tile whose input is gone then fails the image, naming the blob). An image
/// with neither output nor state is failed as lost once a second look finds the job still stuck.
/// </summary>
internal sealed partial class StalledJobs(
    IPipelineQueues queues,
    IBlobStore blobs,
    StatusDocuments statuses,
    SubmissionRecords submissions,
    ISendEndpointProvider sendEndpoints,
    IOptions<ProcessingOptions> options,
    TimeProvider time,
    ILogger<StalledJobs> logger) : PeriodicScan(logger, "stalled jobs")
{
    readonly SagaStateStore<ImageState> _images = new(blobs);
    readonly Dictionary<Guid, int> _looks = [];
    DateTimeOffset? _idleSince;

    // Decided only on an unbroken stretch of idle looks.
    protected override void OnScanFailed() => _idleSince = null;

    protected override async Task ScanAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await queues.AreIdleAsync(cancellationToken).ConfigureAwait(false))
        {
            _idleSince = null;
            return;
        }

        _idleSince ??= now;
        if (now - _idleSince < TimeSpan.FromSeconds(options.Value.StalledJobSeconds))
            return;
        // Whatever is sent below makes the queues busy again; the next look waits for another idle stretch.
        _idleSince = null;
        var stalled = new HashSet<Guid>();
        var listed = new HashSet<Guid>();
        await foreach (var jobId in statuses.ListJobsAsync(cancellationToken).ConfigureAwait(false))
        {
            listed.Add(jobId);
            if (await statuses.TryReadJobAsync(jobId, cancellationToken).ConfigureAwait(false) is { AllImagesEnded: false } job
                && await IsSubmittedAsync(jobId, cancellationToken).ConfigureAwait(false))
                await LookAsync(jobId, job, stalled, cancellationToken).ConfigureAwait(false);
        }

        // A job whose saga state is gone altogether (a store that lost it) is found by its folder: it ended nothing yet.
        await foreach (var folder in blobs.ListFoldersAsync(StoreLayout.JobsPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (StoreLayout.JobOfFolder(folder) is { } jobId && !listed.Contains(jobId)
                && await blobs.ExistsAsync(StoreLayout.Manifest(jobId), cancellationToken).ConfigureAwait(false)
                && await IsSubmittedAsync(jobId, cancellationToken).ConfigureAwait(false))
                await LookAsync(jobId, job: null, stalled, cancellationToken).ConfigureAwait(false);
        }

        foreach (var moved in _looks.Keys.Except(stalled).ToList())
            _looks.Remove(moved);
    }

    async Task LookAsync(Guid jobId, JobStatus? job, HashSet<Guid> stalled, CancellationToken cancellationToken)
    {
        stalled.Add(jobId);
        _looks[jobId] = _looks.GetValueOrDefault(jobId) + 1;
        await RedriveAsync(jobId, job, _looks[jobId], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>False while the job is still being submitted, or its submission is AbandonedSubmissions' to end.</summary>
    async Task<bool> IsSubmittedAsync(Guid jobId, CancellationToken cancellationToken) =>
        await submissions.TryReadAsync(jobId, cancellationToken).ConfigureAwait(false) is null
        || (await submissions.TryReadProgressAsync(jobId, cancellationToken).ConfigureAwait(false))?.Value.EndedReason is not null;

    /// <param name="job">What the job saga has counted; null when its state is gone, and is made again from the manifest.</param>
    async Task RedriveAsync(Guid jobId, JobStatus? job, int look, CancellationToken cancellationToken)
    {
        var replayed = await queues.ReplayUnavailableAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (replayed > 0)
        {
            LogReplayed(logger, jobId, replayed);
            return;
        }

        if (await SubmittedJob.TryReadAsync(blobs, jobId, cancellationToken).ConfigureAwait(false) is not { } manifest)
            return;
        var jobs = await sendEndpoints.GetSendEndpoint(QueueNames.JobStateAddress).ConfigureAwait(false);
        if (job is null)
        {
            await jobs.Send(new JobSubmitted { JobId = jobId, Operation = manifest.Operation, ImageCount = manifest.Images.Count, SubmittedAt = manifest.SubmittedAt },
                cancellationToken).ConfigureAwait(false);
            job = new JobStatus { ImageCount = manifest.Images.Count };
        }

        var actions = 0;
        foreach (var image in manifest.Images.Where(image => !job.HasEnded(image.Index)))
        {
            var identity = new ImageIdentity { JobId = jobId, ImageId = image.ImageId, Index = image.Index, Count = job.ImageCount };
            if (await blobs.ExistsAsync(image.OutputKey, cancellationToken).ConfigureAwait(false))
            {
                await jobs.Send(new ImageCompleted { Image = identity }, cancellationToken).ConfigureAwait(false);
                actions++;
                continue;
            }

            var state = (await _images.TryLoadAsync(image.ImageId, cancellationToken).ConfigureAwait(false))?.Saga;
            if (await RedriveImageAsync(identity, image.OutputKey, state, look, jobs, cancellationToken).ConfigureAwait(false))
                actions++;
        }

        LogRedriven(logger, jobId, job.ImageCount - job.ImagesCompleted - job.ImagesFailed, actions);
    }

    async Task<bool> RedriveImageAsync(ImageIdentity image, string outputKey, ImageState? state, int look, ISendEndpoint jobs, CancellationToken cancellationToken)
    {
        switch (state)
        {
            // Its output was lost after it was assembled: assembled again while its tiles' results are there; the
            // assembler fails it, naming the blob, when they are not.
            case { Status.Phase: ImagePhase.Done, IsTiled: true }:
                await Send(QueueNames.AssembleImageAddress, new AssembleImage { Image = state.Image ?? image, Recipe = state.Recipe! }, cancellationToken)
                    .ConfigureAwait(false);
                return true;
            case { Status.Phase: ImagePhase.Done }:
                await jobs.Send(new ImageFailed { Image = image, Reason = $"lost: its output {outputKey} is gone from the blob store" }, cancellationToken)
                    .ConfigureAwait(false);
                return true;
            case { Status.Phase: ImagePhase.Failed, FailureReason: { } reason }:
                await jobs.Send(new ImageFailed { Image = image, Reason = reason }, cancellationToken).ConfigureAwait(false);
                return true;
            case { Recipe: { } recipe, Status.Phase: ImagePhase.Assembling }:
                await Send(QueueNames.AssembleImageAddress, new AssembleImage { Image = state.Image ?? image, Recipe = recipe }, cancellationToken).ConfigureAwait(false);
                return true;
            case { Recipe: { } recipe, Status.Phase: ImagePhase.Reducing }:
                await Send(QueueNames.ReduceTileStatisticsAddress, new ReduceTileStatistics { Image = state.Image ?? image, Recipe = recipe, Pass = state.Pass },
                    cancellationToken).ConfigureAwait(false);
                return true;
            case { Recipe: { } recipe }:
                var missing = ImageLayout.Of(state.Image ?? image, recipe).CommandsFor(state.Pass)
                    .Where(command => Enumerable.Range(command.Tiles.First, command.Tiles.Count).Any(tile => !IndexSet.Contains(state.TileBits, tile)))
                    .ToList();
                foreach (var command in missing)
                    await Send(QueueNames.ProcessTileAddress(command.Image.JobId, command.Recipe.Priority), command, cancellationToken).ConfigureAwait(false);
                return missing.Count > 0;
            case null when look >= 2:
                await jobs.Send(new ImageFailed { Image = image, Reason = "lost: none of its work is queued or in flight, and its progress is not in the blob store" },
                    cancellationToken).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    async Task Send<T>(Uri queue, T message, CancellationToken cancellationToken)
        where T : class =>
        await (await sendEndpoints.GetSendEndpoint(queue).ConfigureAwait(false)).Send(message, cancellationToken).ConfigureAwait(false);


    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} stopped moving: {Count} of its messages parked while a dependency was unavailable were put back")]
    static partial void LogReplayed(ILogger logger, Guid jobId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} stopped moving with {Unended} images not ended: {Actions} re-driven from what the blob store holds")]
    static partial void LogRedriven(ILogger logger, Guid jobId, int unended, int actions);
}
