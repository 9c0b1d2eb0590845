using System.Text.Json;
using ImagePipeline.Client.Catalog;
using Spectre.Console;

namespace ImagePipeline.Submitter.Presentation;

/// <summary>Writes the job list for people (a table) or scripts (JSON).</summary>
internal static class JobsView
{
    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write(IReadOnlyList<JobSummary> jobs, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(jobs, JsonOptions));
            return;
        }

        if (jobs.Count == 0)
        {
            AnsiConsole.MarkupLine("No jobs yet.");
            return;
        }

        var table = Consoles.Table("job", "operation", "submitted (UTC)", "state", "done", "failed", "images");
        foreach (var job in jobs)
        {
            table.AddRow(
                job.JobId.ToString(),
                Markup.Escape(job.Operation),
                job.SubmittedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") ?? "",
                Colour(job.State),
                job.Done.ToString(),
                job.Failed.ToString(),
                job.ImageCount.ToString());
        }

        Consoles.Write(table);
    }

    static string Colour(string state) => state switch
    {
        JobStateNames.Done => $"[green]{state}[/]",
        JobStateNames.Failed => $"[red]{state}[/]",
        JobStateNames.Cancelled or JobStateNames.Cancelling => $"[yellow]{state}[/]",
        _ => state,
    };
}
