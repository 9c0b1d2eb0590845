using ImagePipeline.Client.Submitting;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ImagePipeline.WebUi;

/// <summary>
/// <c>POST /api/batches</c>: checks the operation spec and every file (size, header, pixel count) on the
/// server, refuses the bad files one by one with a plain reason, and submits the rest as one job.
/// </summary>
internal static class UploadEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, WebJobs jobs, JobSubmitter submitter, IOptions<WebOptions> options,
        CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (!request.HasFormContentType)
            return Problem("Send the files as a form upload.");
        var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var spec = form["op"].ToString().Trim();
        try
        {
            OperationSpec.Parse(spec);
        }
        catch (ArgumentException exception)
        {
            return Problem(exception.Message);
        }

        if (form.Files.Count == 0)
            return Problem("Choose at least one image.");
        if (form.Files.Count > limits.MaxFiles)
            return Problem($"{form.Files.Count} files is too many for one batch: the limit is {limits.MaxFiles}.");

        var id = Guid.NewGuid();
        var folder = jobs.NewUploadFolder(id);
        var accepted = new List<string>();
        var rejected = new List<RejectedFile>();
        for (var index = 0; index < form.Files.Count; index++)
        {
            var file = form.Files[index];
            var name = SafeName(file.FileName, index);
            if (await SaveAsync(file, Path.Combine(folder, index.ToString()), name, limits, cancellationToken).ConfigureAwait(false) is { } path)
                accepted.Add(path);
            else
                rejected.Add(new RejectedFile(name, Refusal(file, limits)));
        }

        Guid? jobId = null;
        if (accepted.Count > 0)
        {
            var manifest = await submitter.SubmitAsync(new JobRequest(accepted, spec, limits.TileSize), null, cancellationToken).ConfigureAwait(false);
            jobId = manifest.JobId;
        }

        jobs.Add(new WebJob(id, jobId, folder, rejected));
        return Results.Ok(new { id, jobId, rejected });
    }

    /// <returns>The saved path, or null when the file is refused (then <see cref="Refusal"/> says why).</returns>
    static async Task<string?> SaveAsync(IFormFile file, string folder, string name, WebOptions limits, CancellationToken cancellationToken)
    {
        if (file.Length == 0 || file.Length > limits.MaxFileBytes || RefusalFromHeader(file, limits) is not null)
            return null;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await using var target = File.Create(path);
        await file.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
        return path;
    }

    static string Refusal(IFormFile file, WebOptions limits) =>
        file.Length == 0 ? "The file is empty."
        : file.Length > limits.MaxFileBytes ? $"The file is {Megabytes(file.Length)}; files up to {Megabytes(limits.MaxFileBytes)} are accepted."
        : RefusalFromHeader(file, limits) ?? "The file could not be read.";

    static string? RefusalFromHeader(IFormFile file, WebOptions limits)
    {
        try
        {
            using var stream = file.OpenReadStream();
            var header = ImageProbe.ReadHeader(stream);
            ImageLimits.EnsureWithin(header, limits.MaxPixels);
            return null;
        }
        catch (InvalidImageException exception)
        {
            return $"This is not an image that can be processed: {exception.Message}";
        }
    }

    static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";

    /// <summary>Only the file's own name, never a path the browser may send.</summary>
    static string SafeName(string fileName, int index)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        return string.IsNullOrWhiteSpace(name) || name is "." or ".." ? $"file-{index}" : name;
    }

    static IResult Problem(string message) => Results.BadRequest(new { error = message });
}
