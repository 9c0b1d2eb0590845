using System.Text.Json;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Orchestration.Hosting;
using ImagePipeline.Orchestration.Processing;
using ImagePipeline.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Orchestration.Jobs;

/// <summary>
/// Submits a job: stores each input, queues its tiles as soon as it is ready (so processors start
/// while later images are still uploading), and writes the manifest last.
/// </summary>
public sealed class JobSubmitter(IBlobStore blobs, ISendEndpointProvider sendEndpoints, IOptions<ProcessingOptions> options)
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
        var jobs = await sendEndpoints.GetSendEndpoint(QueueNames.SagaAddress(QueueNames.JobState)).ConfigureAwait(false);
        var tiles = await sendEndpoints.GetSendEndpoint(QueueNames.Address(QueueNames.ProcessTile)).ConfigureAwait(false);

        await jobs.Send(new JobSubmitted { JobId = jobId, Operation = operation.Name, ImageCount = slots.Count, SubmittedAt = submittedAt },
            cancellationToken).ConfigureAwait(false);

        var preparer = new ImagePreparer(blobs, new InputLimits(options.Value), request.OutputEncoding with { Format = OutputFormats.Name(format) },
            request.Caching);
        var images = new ManifestImage[slots.Count];
        var queued = 0;
        // Storing inputs mostly waits on the blob store; decoding large images is bounded by the cores.
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(slots, parallelism, async (slot, token) =>
        {
            var prepared = await preparer.PrepareAsync(slot, operation, request.TileSize, (tile, t) => tiles.Send(tile, t), token).ConfigureAwait(false);
            images[slot.Index] = prepared.Image;
            if (prepared.Image.RejectedReason is { } reason)
                await jobs.Send(Rejection(slot, reason), token).ConfigureAwait(false);
            else if (prepared.FromCache)
                await jobs.Send(FromCache(slot), token).ConfigureAwait(false);
            imagesQueued?.Report(Interlocked.Increment(ref queued));
        }).ConfigureAwait(false);

        var manifest = new JobManifest
        {
            JobId = jobId,
            Operation = operation.Name,
            SubmittedAt = submittedAt,
            TileSize = request.TileSize,
            Images = images,
        };
        using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, JobManifestJson.Options));
        await blobs.UploadAsync(JobKeys.Manifest(jobId), json, BlobWriteCondition.IfNotExists, cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    static List<ImageSlot> CreateSlots(Guid jobId, IReadOnlyList<string> files, string extension)
    {
        var outputNames = OutputNames.Assign(files, extension);
        return files
            .Select((file, index) => new ImageSlot(jobId, NewId.NextGuid(), index, files.Count, file, outputNames[index],
                JobKeys.Output(jobId, outputNames[index])))
            .ToList();
    }

    static ImageCompleted FromCache(ImageSlot slot) => new()
    {
        JobId = slot.JobId,
        ImageId = slot.ImageId,
        ImageIndex = slot.Index,
        ImageCount = slot.ImageCount,
        OutputKey = slot.OutputKey,
    };

    static ImageFailed Rejection(ImageSlot slot, string reason) => new()
    {
        JobId = slot.JobId,
        ImageId = slot.ImageId,
        ImageIndex = slot.Index,
        ImageCount = slot.ImageCount,
        Reason = reason,
    };
}
