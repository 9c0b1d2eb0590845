using System.Text.Json;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Caching;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Client.Submitting;

/// <summary>
/// Submits a job: records the submission (<see cref="SubmissionRecord"/>) before anything else, so the job can be
/// found, cancelled and ended by id whatever happens next; stores each input, queues its tiles as soon as it is ready
/// (so processors start while later images are still uploading), and writes the manifest last. It may start before
/// the bus has: inputs are stored, decoded and cut meanwhile, and the first send waits for the bus
/// (<see cref="StartedBus"/>).
/// </summary>
public sealed class JobSubmitter(IBlobStore blobs, ResultCache cache, StartedBus bus, SubmissionRecords records, IOptions<ProcessingOptions> options)
{
    /// <exception cref="ArgumentException">A bad operation spec or output format, raised before anything is stored or queued.</exception>
    public async Task<JobManifest> SubmitAsync(JobRequest request, IProgress<int>? imagesQueued, CancellationToken cancellationToken)
    {
        var (operation, format) = Parse(request);
        if (request.Files.Count == 0)
            throw new ArgumentException("A job needs at least one input file.", nameof(request));

        var jobId = request.JobId ?? NewId.NextGuid();
        var submittedAt = DateTimeOffset.UtcNow;
        var slots = CreateSlots(jobId, request.Files, OutputFormats.Extension(format));
        using var submission = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = await SubmissionHeartbeat.StartAsync(records, Record(jobId, operation.Name, submittedAt, request.TileSize, slots), submission,
            cancellationToken).ConfigureAwait(false);
        return await RunAsync(new Submission(jobId, submittedAt, request, operation, format, slots, Resumed: false), heartbeat, submission, imagesQueued,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Completes a submission whose submitter stopped (<c>imagepipe submit --resume</c>) from the same inputs: takes over
    /// its progress, queues the images it does not show queued, and writes the manifest as <see cref="SubmitAsync"/> does.
    /// </summary>
    /// <exception cref="ArgumentException">A bad operation spec or output format.</exception>
    /// <exception cref="SubmissionNotResumableException">Nothing was stored or queued: the job is unknown, ended or still submitted, or the inputs differ.</exception>
    public async Task<JobManifest> ResumeAsync(Guid jobId, JobRequest request, IProgress<int>? imagesQueued, CancellationToken cancellationToken)
    {
        var (operation, format) = Parse(request);
        var record = await SubmissionResume.ReadRecordAsync(jobId, blobs, records, cancellationToken).ConfigureAwait(false);
        var slots = CreateSlots(jobId, request.Files, OutputFormats.Extension(format), record);
        if (SubmissionResume.Differences(record, slots, operation.Name, request.TileSize) is { } differences)
            throw new SubmissionNotResumableException(ResumeRefusal.InputsDiffer, $"The inputs given are not job {jobId}'s: {differences}.");
        var (stopped, etag) = await SubmissionResume.WaitForStoppedAsync(jobId, blobs, records, cancellationToken).ConfigureAwait(false);

        using var submission = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        SubmissionHeartbeat heartbeat;
        try
        {
            heartbeat = await SubmissionHeartbeat.TakeOverAsync(records, record, stopped, etag, submission, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException)
        {
            // Its submitter wrote, the saga host ended it, or another resume took it over, since it was read.
            throw await SubmissionResume.RefusalAfterConflictAsync(jobId, records, cancellationToken).ConfigureAwait(false);
        }

        return await RunAsync(new Submission(jobId, record.SubmittedAt, request, operation, format, slots, Resumed: true), heartbeat, submission,
            imagesQueued, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Announces the job, queues each image not queued yet, then writes the manifest and removes the record.</summary>
    async Task<JobManifest> RunAsync(Submission job, SubmissionHeartbeat heartbeat, CancellationTokenSource submission, IProgress<int>? imagesQueued,
        CancellationToken cancellationToken)
    {
        // Every later send awaits this one, so the job is known before any of its images reports.
        using var announcing = CancellationTokenSource.CreateLinkedTokenSource(submission.Token);
        var queues = AnnounceAsync(QueueNames.ProcessTileAddress(job.JobId, job.Request.Priority),
            new JobSubmitted { JobId = job.JobId, Operation = job.Operation.Name, ImageCount = job.Slots.Count, SubmittedAt = job.SubmittedAt },
            announcing.Token);
        ManifestImage[] images;
        try
        {
            images = await PrepareAllAsync(job, queues, heartbeat, imagesQueued, submission.Token).ConfigureAwait(false);
            await queues.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await announcing.CancelAsync().ConfigureAwait(false);
            await heartbeat.StopAsync().ConfigureAwait(false);
            // A resumed job was announced by its first submitter, whose messages name what it stored: it is kept for them.
            if (!job.Resumed && !await RanToCompletionAsync(queues).ConfigureAwait(false))
            {
                // No message names what was stored (the bus never started, or failed first), so nothing else would ever
                // remove it. Best effort, keeping the submit's own error: a store that fails here most likely failed it.
                await RanToCompletionAsync(blobs.DeleteAllUnderAsync(StoreLayout.Job(job.JobId), CancellationToken.None)).ConfigureAwait(false);
                await RanToCompletionAsync(heartbeat.DeleteAsync(CancellationToken.None)).ConfigureAwait(false);
            }

            if (heartbeat.EndedReason is { } reason && exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                throw new SubmissionEndedException(job.JobId, reason);
            throw;
        }

        await heartbeat.StopAsync().ConfigureAwait(false);

        var manifest = new JobManifest
        {
            JobId = job.JobId,
            Operation = job.Operation.Name,
            SubmittedAt = job.SubmittedAt,
            TileSize = job.Request.TileSize,
            Images = images,
        };
        using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, JobManifestJson.Options));
        await blobs.UploadAsync(StoreLayout.Manifest(job.JobId), json, BlobWriteCondition.IfNotExists, cancellationToken).ConfigureAwait(false);
        // The manifest now says all the record did; a record left by a failure here is removed by the saga host.
        await heartbeat.DeleteAsync(cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    async Task<ManifestImage[]> PrepareAllAsync(Submission job, Task<JobQueues> queues, SubmissionHeartbeat heartbeat, IProgress<int>? imagesQueued,
        CancellationToken cancellationToken)
    {
        var request = job.Request;
        var preparer = new ImagePreparer(blobs, cache, new InputLimits(options.Value), request.OutputEncoding with { Format = OutputFormats.Name(job.Format) },
            request.Caching, request.Priority);
        var images = new ManifestImage[job.Slots.Count];
        var statuses = new StatusDocuments(blobs);
        var ended = job.Resumed ? await statuses.TryReadJobAsync(job.JobId, cancellationToken).ConfigureAwait(false) : null;
        var queued = 0;
        // Storing inputs mostly waits on the blob store; decoding large images is bounded by the cores.
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(job.Slots, parallelism, async (slot, token) =>
        {
            if (job.Resumed && await WasQueuedAsync(slot, heartbeat, ended, statuses, token).ConfigureAwait(false))
            {
                images[slot.Image.Index] = preparer.DescribeQueued(slot, job.Operation, request.TileSize);
                heartbeat.MarkQueued(slot.Image.Index);
                return;
            }

            var prepared = await preparer.PrepareAsync(slot, job.Operation, request.TileSize,
                async (tile, t) => await (await queues.ConfigureAwait(false)).Tiles.Send(tile, t).ConfigureAwait(false), token).ConfigureAwait(false);
            images[slot.Image.Index] = prepared.Image;
            if (prepared.Image.RejectedReason is { } reason)
                await (await queues.ConfigureAwait(false)).Jobs.Send(new ImageFailed { Image = slot.Image, Reason = reason }, token).ConfigureAwait(false);
            else if (prepared.FromCache)
                await (await queues.ConfigureAwait(false)).Jobs.Send(new ImageCompleted { Image = slot.Image }, token).ConfigureAwait(false);
            heartbeat.MarkQueued(slot.Image.Index);
            imagesQueued?.Report(Interlocked.Increment(ref queued));
        }).ConfigureAwait(false);
        return images;
    }

    /// <summary>
    /// Whether the submitter taken over had queued the image: its progress says so, or the image has already shown
    /// itself (one queued in its last seconds, before the progress said so) by ending or by a tile processed.
    /// </summary>
    static async Task<bool> WasQueuedAsync(ImageSlot slot, SubmissionHeartbeat heartbeat, JobStatus? job, StatusDocuments statuses,
        CancellationToken cancellationToken) =>
        heartbeat.IsQueued(slot.Image.Index)
        || job?.HasEnded(slot.Image.Index) == true
        || await statuses.TryReadImageAsync(slot.Image.ImageId, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Waits for the bus, opens the job's two queues and sends <paramref name="submitted"/> first.</summary>
    async Task<JobQueues> AnnounceAsync(Uri tileLane, JobSubmitted submitted, CancellationToken cancellationToken)
    {
        var sendEndpoints = await bus.WhenStartedAsync(cancellationToken).ConfigureAwait(false);
        var jobs = await sendEndpoints.GetSendEndpoint(QueueNames.JobStateAddress).ConfigureAwait(false);
        var tiles = await sendEndpoints.GetSendEndpoint(tileLane).ConfigureAwait(false);
        await jobs.Send(submitted, cancellationToken).ConfigureAwait(false);
        return new JobQueues(jobs, tiles);
    }

    static async Task<bool> RanToCompletionAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    static (OperationChain Operation, OutputFormat Format) Parse(JobRequest request)
    {
        var operation = OperationSpec.Parse(request.Operation);
        var format = OutputFormats.Parse(request.OutputEncoding.Format, request.OutputEncoding.Quality);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.TileSize, 1);
        return (operation, format);
    }

    sealed record JobQueues(ISendEndpoint Jobs, ISendEndpoint Tiles);

    /// <summary>A submission under way: a new one, or one taken over (<paramref name="Resumed"/>) whose first submitter stopped.</summary>
    sealed record Submission(Guid JobId, DateTimeOffset SubmittedAt, JobRequest Request, OperationChain Operation, OutputFormat Format,
        List<ImageSlot> Slots, bool Resumed);

    static SubmissionRecord Record(Guid jobId, string operation, DateTimeOffset submittedAt, int tileSize, List<ImageSlot> slots) => new()
    {
        JobId = jobId,
        Operation = operation,
        SubmittedAt = submittedAt,
        TileSize = tileSize,
        Images = slots.Select(slot => new SubmissionImage
        {
            Index = slot.Image.Index,
            ImageId = slot.Image.ImageId,
            SourceName = slot.SourcePath,
            OutputName = slot.OutputName,
            OutputKey = slot.OutputKey,
        }).ToList(),
    };

    /// <param name="record">A submission resumed: its images keep their ids.</param>
    static List<ImageSlot> CreateSlots(Guid jobId, IReadOnlyList<string> files, string extension, SubmissionRecord? record = null)
    {
        var outputNames = OutputNames.Assign(files, extension);
        var recorded = record?.Images.ToDictionary(image => image.Index);
        return files
            .Select((file, index) => new ImageSlot(new ImageIdentity
                {
                    JobId = jobId,
                    ImageId = recorded?.GetValueOrDefault(index)?.ImageId ?? NewId.NextGuid(),
                    Index = index,
                    Count = files.Count,
                },
                file, outputNames[index], StoreLayout.Output(jobId, outputNames[index])))
            .ToList();
    }
}
