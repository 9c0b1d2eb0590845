using System.Collections.Concurrent;

namespace ImagePipeline.WebUi;

/// <summary>A file the page refused before submitting, and why, in words for people.</summary>
public sealed record RejectedFile(string Name, string Reason);

/// <summary>One batch uploaded through the page: its job (if any file was accepted), upload folder and refusals.</summary>
internal sealed record WebJob(Guid Id, Guid? PipelineJobId, string UploadFolder, IReadOnlyList<RejectedFile> Rejected);

/// <summary>The batches uploaded since the server started; the page shows only these.</summary>
internal sealed class WebJobs(string workFolder)
{
    readonly ConcurrentDictionary<Guid, WebJob> _jobs = new();

    public string NewUploadFolder(Guid id)
    {
        var folder = Path.Combine(workFolder, "uploads", id.ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public void Add(WebJob job) => _jobs[job.Id] = job;

    public WebJob? Find(Guid id) => _jobs.GetValueOrDefault(id);
}
