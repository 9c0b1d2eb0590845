using System.Text.Json;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.WebUi.Batches;
using ImagePipeline.WebUi.Settings;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ImagePipeline.WebUi.Endpoints;

/// <summary>
/// <c>POST /api/batches</c>: checks the operation, output format and every file (size, header, pixel count)
/// on the server, refuses bad files one by one with a plain reason, keeps the batch's record and submits
/// the rest as one job. The page also declares, in order, the files it did not send because they are over
/// the size limit, so the batch lists every chosen file in the order it was chosen.
/// </summary>
internal static class UploadEndpoint
{
    sealed record Declared(string Name, long Size);

    public static async Task<IResult> HandleAsync(HttpRequest request, BatchStore batches, BatchSubmission submission,
        IOptions<WebOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (!request.HasFormContentType)
            return Problem("Send the files as a form upload.");
        var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);

        string operation, format;
        int quality;
        try
        {
            operation = OperationSpec.Parse(form["op"].ToString().Trim()).Name;
            var formatName = form["format"].ToString() is { Length: > 0 } given ? given : OutputFormats.DefaultName;
            quality = form["quality"].ToString() is { Length: > 0 } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
            format = OutputFormats.Name(OutputFormats.Parse(formatName, quality));
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            return Problem(exception.Message);
        }

        if (Arrange(form) is not { } arranged)
            return Problem("The list of declared files is not valid JSON.");
        if (arranged.Count == 0)
            return Problem("Choose at least one image.");
        if (arranged.Count > limits.MaxFiles)
            return Problem($"{arranged.Count} files is too many for one batch: the limit is {limits.MaxFiles}.");

        var id = Guid.NewGuid();
        var files = new List<BatchFile>();
        var accepted = 0;
        foreach (var (name, size, upload) in arranged)
        {
            var position = files.Count;
            var refusal = upload is null ? RefusalOf(size, limits) ?? "The file was not received." : Refusal(upload, limits);
            if (refusal is not null)
            {
                files.Add(new BatchFile { Name = name, Bytes = size, Refusal = refusal });
                continue;
            }

            var folder = Path.Combine(batches.UploadFolder(id), position.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, name);
            await using (var target = File.Create(path))
                await upload!.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            files.Add(new BatchFile { Name = name, Bytes = size, Image = accepted++, SavedPath = path });
        }

        var batch = new BatchRecord
        {
            Id = id,
            JobId = accepted > 0 ? NewId.NextGuid() : null,
            CreatedAt = DateTimeOffset.UtcNow,
            Operation = operation,
            Format = format,
            Quality = quality,
            Files = files,
        };
        await batches.SaveAsync(batch, cancellationToken).ConfigureAwait(false);
        submission.Start(batch);
        return Results.Ok(new { id, jobId = batch.JobId });
    }

    /// <summary>Every chosen file in order: the uploaded ones, and those the page declared but held back.</summary>
    static List<(string Name, long Size, IFormFile? Upload)>? Arrange(IFormCollection form)
    {
        var uploads = form.Files.Select((file, index) => (Name: SafeName(file.FileName, index), Size: file.Length, Upload: (IFormFile?)file)).ToList();
        if (form["declared"].ToString() is not { Length: > 0 } json)
            return uploads;

        Declared[]? declared;
        try
        {
            declared = JsonSerializer.Deserialize<Declared[]>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (JsonException)
        {
            return null;
        }

        // Each declared file is the next upload, unless the page held it back (then it has no upload).
        var arranged = new List<(string, long, IFormFile?)>();
        var next = 0;
        foreach (var (entry, index) in (declared ?? []).Select((entry, index) => (entry, index)))
        {
            var name = SafeName(entry.Name, index);
            if (next < uploads.Count && uploads[next].Name == name && uploads[next].Size == entry.Size)
                arranged.Add(uploads[next++]);
            else
                arranged.Add((name, entry.Size, null));
        }

        arranged.AddRange(uploads.Skip(next));
        return arranged;
    }

    static string? Refusal(IFormFile file, WebOptions limits)
    {
        if (RefusalOf(file.Length, limits) is { } refusal)
            return refusal;
        try
        {
            using var stream = file.OpenReadStream();
            ImageLimits.EnsureWithin(ImageProbe.ReadHeader(stream), limits.MaxPixels);
            return null;
        }
        catch (InvalidImageException exception)
        {
            return FileMessages.Sentence(exception.Message);
        }
    }

    /// <summary>What the size alone decides. A declared file that was not sent was held back for its size.</summary>
    static string? RefusalOf(long size, WebOptions limits) =>
        size == 0 ? FileMessages.Empty
        : size > limits.MaxFileBytes ? FileMessages.TooLarge(size, limits.MaxFileBytes)
        : null;

    /// <summary>Only the file's own name, never a path the browser may send.</summary>
    static string SafeName(string fileName, int index)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        return string.IsNullOrWhiteSpace(name) || name is "." or ".." ? $"file-{index}" : name;
    }

    static IResult Problem(string message) => Results.BadRequest(new { error = message });
}
