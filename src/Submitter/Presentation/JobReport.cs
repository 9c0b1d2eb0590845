using System.Text.Json;
using ImagePipeline.Client.Catalog;
using ImagePipeline.Client.Progress;
using Spectre.Console;

namespace ImagePipeline.Submitter.Presentation;

/// <summary>Writes a job's state for people (a table) or scripts (JSON).</summary>
internal static class JobReport
{
    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write(JobProgress progress, bool json, bool cancelled = false)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                progress.JobId,
                progress.Operation,
                progress.SubmittedAt,
                State = State(progress, cancelled),
                progress.ImageCount,
                progress.Done,
                progress.Failed,
                progress.Unfinished,
                progress.WaitingOn,
                Images = progress.Images.Select(image => new
                {
                    image.Index,
                    Source = image.SourceName,
                    Output = image.OutputName,
                    State = image.Outcome.ToString().ToLowerInvariant(),
                    image.TilesDone,
                    image.TileCount,
                    Reason = image.FailureReason,
                    image.WaitingOn,
                }),
            }, JsonOptions));
            return;
        }

        AnsiConsole.MarkupLineInterpolated(
            $"job [bold]{progress.JobId}[/] ({progress.Operation}) {State(progress, cancelled)}: {progress.Done} done, {progress.Failed} failed of {progress.ImageCount} images");
        if (progress.Unfinished is { } unfinished)
            AnsiConsole.MarkupLineInterpolated($"submission: {unfinished}");
        foreach (var dependency in progress.WaitingOn)
            AnsiConsole.MarkupLineInterpolated(
                $"waiting: work of this job gave up because {dependency}; it is put back by itself once the pipeline is idle, or now by 'imagepipe retry {progress.JobId}'");
        var table = Consoles.Table("#", "input", "state", "tiles", "reason");
        foreach (var image in progress.Images)
        {
            table.AddRow(
                image.Index.ToString(),
                Markup.Escape(image.SourceName),
                Markup.Escape(image.Outcome.ToString().ToLowerInvariant()),
                $"{image.TilesDone}/{image.TileCount}",
                Markup.Escape(image.FailureReason ?? (image.WaitingOn is { } waiting ? $"waiting: {waiting}" : "")));
        }

        Consoles.Write(table);
    }

    static string State(JobProgress progress, bool cancelled) => JobStateNames.Of(progress.HasEnded, progress.Failed, cancelled);

    public static void WriteFailures(JobProgress progress)
    {
        foreach (var image in progress.Images.Where(image => image.Outcome == ImageOutcome.Failed))
            AnsiConsole.MarkupLineInterpolated($"[red]failed:[/] {image.SourceName}: {image.FailureReason}");
    }
}
