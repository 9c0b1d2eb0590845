using System.IO.Compression;
using ImagePipeline.Client;
using ImagePipeline.Client.Progress;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Storage;
using ImagePipeline.WebUi.Batches;
using ImagePipeline.WebUi.Previews;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace ImagePipeline.WebUi.Endpoints;

/// <summary>A batch's files: each input and output, their previews, and the zip of every finished output.</summary>
internal static class FileEndpoints
{
    static readonly FileExtensionContentTypeProvider ContentTypes = new();

    // Formats a browser shows as they are; others (TIFF) are shown through a PNG made from them.
    static readonly HashSet<string> Shown = [".png", ".jpg", ".jpeg", ".webp", ".bmp"];

    public static IResult Input(Guid id, int position, BatchStore batches, HttpContext context) =>
        SavedPath(batches.Find(id), position) is { } path ? Immutable(context, Results.File(path, ContentType(path))) : Results.NotFound();

    public static async Task<IResult> InputPreviewAsync(Guid id, int position, string size, BatchStore batches, PreviewRenderer previews,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (!TryParse(size, out var preview) || SavedPath(batches.Find(id), position) is not { } path)
            return Results.NotFound();
        if (preview == PreviewSize.Full && Shown.Contains(Path.GetExtension(path).ToLowerInvariant()))
            return Immutable(context, Results.File(path, ContentType(path)));
        return await PreviewAsync(batches.PreviewFolder(id), $"{position}-input", preview, () => Task.FromResult(ImageCodec.DecodeBgrFile(path)),
            previews, context, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IResult> OutputAsync(Guid id, int position, bool download, BatchStore batches, BatchReader reader, IBlobStore blobs,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (await FindOutputAsync(id, position, batches, reader, blobs, cancellationToken).ConfigureAwait(false) is not { } output)
            return Results.NotFound();
        var stream = await blobs.OpenReadAsync(output.OutputKey, cancellationToken).ConfigureAwait(false);
        return Immutable(context, Results.Stream(stream, ContentType(output.OutputName), download ? output.OutputName : null));
    }

    public static async Task<IResult> OutputPreviewAsync(Guid id, int position, string size, BatchStore batches, BatchReader reader, IBlobStore blobs,
        PreviewRenderer previews, HttpContext context, CancellationToken cancellationToken)
    {
        if (!TryParse(size, out var preview)
            || await FindOutputAsync(id, position, batches, reader, blobs, cancellationToken).ConfigureAwait(false) is not { } output)
            return Results.NotFound();
        if (preview == PreviewSize.Full && Shown.Contains(Path.GetExtension(output.OutputName).ToLowerInvariant()))
            return await OutputAsync(id, position, false, batches, reader, blobs, context, cancellationToken).ConfigureAwait(false);

        async Task<OpenCvSharp.Mat> DecodeAsync()
        {
            await using var stream = await blobs.OpenReadAsync(output.OutputKey, CancellationToken.None).ConfigureAwait(false);
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes, CancellationToken.None).ConfigureAwait(false);
            return ImageCodec.DecodeBgr(bytes.ToArray());
        }

        return await PreviewAsync(batches.PreviewFolder(id), $"{position}-output", preview, DecodeAsync, previews, context, cancellationToken)
            .ConfigureAwait(false);
    }

    public static async Task<IResult> ZipAsync(Guid id, BatchStore batches, BatchReader reader, JobStatusReader status, IBlobStore blobs,
        CancellationToken cancellationToken)
    {
        if (batches.Find(id) is not { } batch || await reader.TryManifestAsync(batch, cancellationToken).ConfigureAwait(false) is not { } manifest)
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
        return Results.File(buffer, "application/zip", $"imagepipe-{batch.Id:N}.zip");
    }

    static async Task<IResult> PreviewAsync(string folder, string stem, PreviewSize size, Func<Task<OpenCvSharp.Mat>> decode, PreviewRenderer previews,
        HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            var path = await previews.GetAsync(folder, stem, size, decode, cancellationToken).ConfigureAwait(false);
            return Immutable(context, Results.File(path, PreviewRenderer.ContentType(size)));
        }
        catch (InvalidImageException)
        {
            return Results.NotFound();
        }
    }

    static string? SavedPath(BatchRecord? batch, int position) =>
        batch is not null && position >= 0 && position < batch.Files.Count ? batch.Files[position].SavedPath : null;

    /// <summary>The output's manifest entry once the output exists.</summary>
    static async Task<ManifestImage?> FindOutputAsync(Guid id, int position, BatchStore batches, BatchReader reader, IBlobStore blobs,
        CancellationToken cancellationToken)
    {
        if (batches.Find(id) is not { } batch || position < 0 || position >= batch.Files.Count || batch.Files[position].Image is not { } index
            || await reader.TryManifestAsync(batch, cancellationToken).ConfigureAwait(false) is not { } manifest)
            return null;
        var image = manifest.Images[index];
        return await blobs.ExistsAsync(image.OutputKey, cancellationToken).ConfigureAwait(false) ? image : null;
    }

    static bool TryParse(string size, out PreviewSize preview) =>
        Enum.TryParse(size, ignoreCase: true, out preview) && Enum.IsDefined(preview) && !int.TryParse(size, out _);

    // Inputs, outputs and previews never change once they exist (outputs are written once).
    static IResult Immutable(HttpContext context, IResult result)
    {
        context.Response.Headers.CacheControl = "private, max-age=604800, immutable";
        return result;
    }

    static string ContentType(string name) => ContentTypes.TryGetContentType(name, out var type) ? type : "application/octet-stream";
}
