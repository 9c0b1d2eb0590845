using System.Collections.Concurrent;
using ImagePipeline.Client;
using ImagePipeline.Client.Catalog;
using ImagePipeline.Client.Progress;
using ImagePipeline.Protocol.Cancellation;

namespace ImagePipeline.WebUi.Batches;

/// <summary>Reads where a batch stands from its job (manifest, saga states, cancel marker) and shapes it for the page.</summary>
internal sealed class BatchReader(JobStatusReader status, JobCatalog catalog, JobCancellation cancellation)
{
    // A manifest is written once and never changes: one read per job.
    readonly ConcurrentDictionary<Guid, JobManifest> _manifests = new();

    public async Task<JobManifest?> TryManifestAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        if (batch.JobId is not { } jobId)
            return null;
        if (_manifests.TryGetValue(jobId, out var known))
            return known;
        var manifest = await status.TryReadManifestAsync(jobId, cancellationToken).ConfigureAwait(false);
        return manifest is null ? null : _manifests.GetOrAdd(jobId, manifest);
    }

    public void Forget(BatchRecord batch)
    {
        if (batch.JobId is { } jobId)
            _manifests.TryRemove(jobId, out _);
    }

    public async Task<BatchView> ReadAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        var manifest = await TryManifestAsync(batch, cancellationToken).ConfigureAwait(false);
        var progress = manifest is null ? null : await status.ReadAsync(manifest, cancellationToken).ConfigureAwait(false);
        var cancelled = batch.JobId is { } jobId && await cancellation.IsCancelledAsync(jobId, cancellationToken).ConfigureAwait(false);
        var files = batch.Files.Select((file, position) => View(batch, position, file, manifest, progress)).ToArray();

        var submitting = batch.JobId is not null && progress is null && batch.SubmitError is null;
        var ended = !submitting && files.All(file => file.State is "done" or "failed" or "cancelled");
        var done = files.Count(file => file.State == "done");
        var failed = files.Count(file => file.State is "failed" or "cancelled");
        return new BatchView
        {
            Id = batch.Id,
            CreatedAt = batch.CreatedAt,
            Operation = batch.Operation,
            Format = batch.Format,
            Quality = batch.Quality,
            State = StateOf(submitting, ended, cancelled, done, failed),
            Ended = ended,
            Progress = files.Length == 0 ? 1 : files.Sum(Fraction) / files.Length,
            Done = done,
            Failed = failed,
            Files = files,
            Zip = done > 0 ? $"/api/batches/{batch.Id}/zip" : null,
        };
    }

    /// <summary>From the job saga alone (one small read), for the list of recent batches.</summary>
    public async Task<BatchSummary> SummarizeAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        var refused = batch.Files.Count(file => file.Refusal is not null);
        var job = batch.JobId is { } jobId ? await catalog.TryGetAsync(jobId, cancellationToken).ConfigureAwait(false) : null;
        var done = job?.Done ?? 0;
        var failed = refused + (job?.Failed ?? 0);
        var ended = batch.JobId is null || job is { State: not ("running" or "cancelling") };
        var state = job?.State switch
        {
            null when batch.JobId is not null => "submitting",
            "running" or "cancelling" or "cancelled" => job.State,
            _ => StateOf(false, true, false, done, failed),
        };
        return new BatchSummary(batch.Id, batch.CreatedAt, batch.Operation, batch.Files.Count, done, failed, state, ended);
    }

    static string StateOf(bool submitting, bool ended, bool cancelled, int done, int failed) => (submitting, ended, cancelled) switch
    {
        (true, _, _) => "submitting",
        (_, false, true) => "cancelling",
        (_, false, false) => "running",
        (_, true, true) => "cancelled",
        _ => failed == 0 ? "done" : done == 0 ? "failed" : "partial",
    };

    static FileView View(BatchRecord batch, int position, BatchFile file, JobManifest? manifest, JobProgress? progress)
    {
        var view = new FileView { Position = position, Name = file.Name, State = "waiting" };
        if (file.Refusal is { } refusal)
            return view with { State = "failed", Message = refusal };
        if (batch.SubmitError is { } error)
            return view with { State = "failed", Message = FileMessages.Sentence($"the pipeline could not take it: {error}") };

        var urls = $"/api/batches/{batch.Id}/files/{position}";
        view = view with { Input = $"{urls}/input" };
        if (file.Image is not { } index || manifest is null || progress is null)
            return view;

        var image = progress.Images[index];
        var described = manifest.Images[index];
        view = view with
        {
            TilesDone = image.TilesDone,
            TileCount = image.TileCount,
            Width = described.Width,
            Height = described.Height,
            OutputName = image.OutputName,
        };
        return image.Outcome switch
        {
            ImageOutcome.Done => view with { State = "done", Output = $"{urls}/output" },
            ImageOutcome.Failed when image.FailureReason == JobCancellation.Reason =>
                view with { State = "cancelled", Message = FileMessages.Sentence(image.FailureReason) },
            ImageOutcome.Failed => view with { State = "failed", Message = FileMessages.Sentence(image.FailureReason ?? "") },
            ImageOutcome.Processing => view with { State = "processing" },
            ImageOutcome.Assembling => view with { State = "assembling" },
            _ => view,
        };
    }

    // An ended file counts whole, however it ended, so the bar reaches its end when the batch does.
    static double Fraction(FileView file) => file.State switch
    {
        "done" or "failed" or "cancelled" => 1,
        _ when file.TileCount > 0 => 0.95 * file.TilesDone / file.TileCount,
        _ => 0,
    };
}
