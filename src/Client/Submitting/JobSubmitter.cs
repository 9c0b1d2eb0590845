using System.Text.Json;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Caching;
using ImagePipeline.Protocol.Layout;
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
        var operation = OperationSpec.Parse(request.Operation);
        var format = OutputFormats.Parse(request.OutputEncoding.Format, request.OutputEncoding.Quality);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.TileSize, 1);
        if (request.Files.Count == 0)
            throw new ArgumentException("A job needs at least one input file.", nameof(request));

        var jobId = request.JobId ?? NewId.NextGuid();
        var submittedAt = DateTimeOffset.UtcNow;
        var slots = CreateSlots(jobId, request.Files, OutputFormats.Extension(format));
        using var submission = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = await SubmissionHeartbeat.StartAsync(records, Record(jobId, operation.Name, submittedAt, slots), submission, cancellationToken)
            .ConfigureAwait(false);
        // Every later send awaits this one, so the job is known before any of its images reports.
        using var announcing = CancellationTokenSource.CreateLinkedTokenSource(submission.Token);
        var queues = AnnounceAsync(QueueNames.ProcessTileAddress(jobId, request.Priority),
            new JobSubmitted { JobId = jobId, Operation = operation.Name, ImageCount = slots.Count, SubmittedAt = submittedAt },
            announcing.Token);
        ManifestImage[] images;
        try
        {
            images = await PrepareAllAsync(request, operation, format, slots, queues, heartbeat, imagesQueued, submission.Token).ConfigureAwait(false);
            await queues.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await announcing.CancelAsync().ConfigureAwait(false);
            await heartbeat.StopAsync().ConfigureAwait(false);
            if (!await RanToCompletionAsync(queues).ConfigureAwait(false))
            {
                // No message names what was stored (the bus never started, or failed first), so nothing else would ever
                // remove it. Best effort, keeping the submit's own error: a store that fails here most likely failed it.
                await RanToCompletionAsync(blobs.DeleteAllUnderAsync(StoreLayout.Job(jobId), CancellationToken.None)).ConfigureAwait(false);
                await RanToCompletionAsync(heartbeat.DeleteAsync(CancellationToken.None)).ConfigureAwait(false);
            }

            if (heartbeat.EndedReason is { } reason && exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                throw new SubmissionEndedException(jobId, reason);
            throw;
        }

        await heartbeat.StopAsync().ConfigureAwait(false);

        var manifest = new JobManifest
        {
            JobId = jobId,
            Operation = operation.Name,
            SubmittedAt = submittedAt,
            TileSize = request.TileSize,
            Images = images,
        };
        using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, JobManifestJson.Options));
        await blobs.UploadAsync(StoreLayout.Manifest(jobId), json, BlobWriteCondition.IfNotExists, cancellationToken).ConfigureAwait(false);
        // The manifest now says all the record did; a record left by a failure here is removed by the saga host.
        await heartbeat.DeleteAsync(cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    async Task<ManifestImage[]> PrepareAllAsync(JobRequest request, OperationChain operation, OutputFormat format, List<ImageSlot> slots,
        Task<JobQueues> queues, SubmissionHeartbeat heartbeat, IProgress<int>? imagesQueued, CancellationToken cancellationToken)
    {
        var preparer = new ImagePreparer(blobs, cache, new InputLimits(options.Value), request.OutputEncoding with { Format = OutputFormats.Name(format) },
            request.Caching, request.Priority);
        var images = new ManifestImage[slots.Count];
        var queued = 0;
        // Storing inputs mostly waits on the blob store; decoding large images is bounded by the cores.
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(slots, parallelism, async (slot, token) =>
        {
            var prepared = await preparer.PrepareAsync(slot, operation, request.TileSize,
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

    sealed record JobQueues(ISendEndpoint Jobs, ISendEndpoint Tiles);

    static SubmissionRecord Record(Guid jobId, string operation, DateTimeOffset submittedAt, List<ImageSlot> slots) => new()
    {
        JobId = jobId,
        Operation = operation,
        SubmittedAt = submittedAt,
        Images = slots.Select(slot => new SubmissionImage
        {
            Index = slot.Image.Index,
            ImageId = slot.Image.ImageId,
            SourceName = slot.SourcePath,
            OutputName = slot.OutputName,
            OutputKey = slot.OutputKey,
        }).ToList(),
    };

    static List<ImageSlot> CreateSlots(Guid jobId, IReadOnlyList<string> files, string extension)
    {
        var outputNames = OutputNames.Assign(files, extension);
        return files
            .Select((file, index) => new ImageSlot(new ImageIdentity { JobId = jobId, ImageId = NewId.NextGuid(), Index = index, Count = files.Count },
                file, outputNames[index], StoreLayout.Output(jobId, outputNames[index])))
            .ToList();
    }
}
