using System.IO.Compression;
using ImagePipeline.Client;
using ImagePipeline.Client.Progress;
using ImagePipeline.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace ImagePipeline.WebUi;

/// <summary>What the page polls and shows: a batch's progress, each input and output, and the zip of all outputs.</summary>
internal static class JobEndpoints
{
    static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static async Task<IResult> StatusAsync(Guid id, WebJobs jobs, JobStatusReader status, CancellationToken cancellationToken)
    {
        if (jobs.Find(id) is not { } job)
            return Results.NotFound();
        var progress = job.PipelineJobId is { } jobId ? await status.TryReadAsync(jobId, cancellationToken).ConfigureAwait(false) : null;
        var images = progress?.Images ?? [];
        return Results.Ok(new
        {
            id,
            jobId = job.PipelineJobId,
            operation = progress?.Operation,
            ended = progress?.HasEnded ?? job.PipelineJobId is null,
            done = progress?.Done ?? 0,
            failed = progress?.Failed ?? 0,
            imageCount = images.Count,
            tilesDone = progress?.TilesDone ?? 0,
            tileCount = progress?.TileCount ?? 0,
            images = images.Select(image => new
            {
                image.Index,
                name = Path.GetFileName(image.SourceName),
                state = image.Outcome.ToString().ToLowerInvariant(),
                image.TilesDone,
                image.TileCount,
                reason = image.FailureReason,
                input = $"/api/batches/{id}/inputs/{image.Index}",
                output = image.Outcome == ImageOutcome.Done ? $"/api/batches/{id}/outputs/{image.Index}" : null,
                outputName = image.OutputName,
            }),
            rejected = job.Rejected,
            zip = progress is { Done: > 0 } ? $"/api/batches/{id}/zip" : null,
        });
    }

    public static async Task<IResult> InputAsync(Guid id, int index, WebJobs jobs, JobStatusReader status, CancellationToken cancellationToken)
    {
        if (await FindImageAsync(id, index, jobs, status, cancellationToken).ConfigureAwait(false) is not { } image)
            return Results.NotFound();
        return Results.File(image.SourceName, ContentType(image.SourceName));
    }

    public static async Task<IResult> OutputAsync(Guid id, int index, bool download, WebJobs jobs, JobStatusReader status, IBlobStore blobs,
        CancellationToken cancellationToken)
    {
        if (await FindImageAsync(id, index, jobs, status, cancellationToken).ConfigureAwait(false) is not { } image
            || !await blobs.ExistsAsync(image.OutputKey, cancellationToken).ConfigureAwait(false))
            return Results.NotFound();
        var stream = await blobs.OpenReadAsync(image.OutputKey, cancellationToken).ConfigureAwait(false);
        return Results.Stream(stream, ContentType(image.OutputName), download ? image.OutputName : null);
    }

    public static async Task<IResult> ZipAsync(Guid id, WebJobs jobs, JobStatusReader status, IBlobStore blobs, CancellationToken cancellationToken)
    {
        if (jobs.Find(id)?.PipelineJobId is not { } jobId
            || await status.TryReadManifestAsync(jobId, cancellationToken).ConfigureAwait(false) is not { } manifest)
            return Results.NotFound();

        var progress = await status.ReadAsync(manifest, cancellationToken).ConfigureAwait(false);
        // Built in memory: a batch is bounded by Web:MaxFiles, and ZipArchive writes synchronously.
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var image in progress.Images.Where(image => image.Outcome == ImageOutcome.Done))
            {
                await using var source = await blobs.OpenReadAsync(manifest.Images[image.Index].OutputKey, cancellationToken).ConfigureAwait(false);
                await using var entry = await zip.CreateEntry(image.OutputName, CompressionLevel.NoCompression).OpenAsync(cancellationToken).ConfigureAwait(false);
                await source.CopyToAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }

        buffer.Position = 0;
        return Results.File(buffer, "application/zip", $"imagepipe-{jobId:N}.zip");
    }

    static async Task<ManifestImage?> FindImageAsync(Guid id, int index, WebJobs jobs, JobStatusReader status, CancellationToken cancellationToken)
    {
        if (jobs.Find(id)?.PipelineJobId is not { } jobId)
            return null;
        var manifest = await status.TryReadManifestAsync(jobId, cancellationToken).ConfigureAwait(false);
        return manifest is not null && index >= 0 && index < manifest.Images.Count ? manifest.Images[index] : null;
    }

    static string ContentType(string name) => ContentTypes.TryGetContentType(name, out var type) ? type : "application/octet-stream";
}
