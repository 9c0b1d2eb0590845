using ImagePipeline.Client.Downloads;
using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Client.Watching;

/// <summary>
/// Takes one claim to its end: submits it under its journaled job id (or finds it already submitted),
/// waits for it, then delivers outputs and moves the originals. Every step can be repeated after a
/// kill: a job id has one manifest, outputs are rewritten identically, and moves are skipped once done.
/// </summary>
internal sealed class ClaimRunner(
    WatchFolderLayout layout,
    JobSubmitter submitter,
    JobStatusReader status,
    JobWaiter waiter,
    ResultDownloader downloader,
    IBlobStore blobs,
    IOptions<WatchOptions> options,
    ILogger<ClaimRunner> logger)
{
    public async Task RunAsync(Claim claim, CancellationToken cancellationToken)
    {
        var files = claim.Files();
        if (files.Count == 0)
        {
            Directory.Delete(claim.Path, recursive: true);
            return;
        }

        JobManifest manifest;
        try
        {
            manifest = await SubmitOrResumeAsync(claim, files, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException exception)
        {
            // The folder names no valid operation: every file fails with the same plain reason.
            foreach (var file in files)
                Fail(claim, file, $"'{claim.FolderName}' is not a valid operation: {exception.Message}");
            Directory.Delete(claim.Path, recursive: true);
            return;
        }

        var progress = await waiter.WaitAsync(manifest, TimeSpan.FromMilliseconds(250), null, cancellationToken).ConfigureAwait(false);
        await DeliverAsync(claim, manifest, progress, cancellationToken).ConfigureAwait(false);
        Directory.Delete(claim.Path, recursive: true);
        if (options.Value.DeleteDeliveredJobs)
            await blobs.DeleteAllUnderAsync(StoreLayout.Job(manifest.JobId), cancellationToken).ConfigureAwait(false);
    }

    async Task<JobManifest> SubmitOrResumeAsync(Claim claim, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var existing = await status.TryReadManifestAsync(claim.JobId, cancellationToken).ConfigureAwait(false);
        // A submission cut short has no manifest yet, only its record's stand-in: it is submitted again under the same id.
        if (existing is { Unfinished: not null })
            existing = null;
        if (existing is not null)
        {
            var resubmit = options.Value.ResubmitUnfinished
                && !(await status.ReadAsync(existing, cancellationToken).ConfigureAwait(false)).HasEnded;
            WatchLog.Resuming(logger, claim.JobId, files.Count, resubmit);
            if (!resubmit)
                return existing;
        }

        var request = new JobRequest(files, claim.OperationSpec, options.Value.TileSize) { JobId = claim.JobId };
        try
        {
            var manifest = await submitter.SubmitAsync(request, null, cancellationToken).ConfigureAwait(false);
            WatchLog.Submitted(logger, manifest.JobId, files.Count, claim.FolderName);
            return manifest;
        }
        catch (BlobConditionFailedException) when (existing is not null)
        {
            // Same job id, same files: the tiles are queued again and the manifest already describes them.
            return existing;
        }
    }

    async Task DeliverAsync(Claim claim, JobManifest manifest, JobProgress progress, CancellationToken cancellationToken)
    {
        var outFolder = Path.Combine(layout.Out, claim.FolderName);
        await downloader.DownloadAsync(manifest, progress, outFolder, cancellationToken).ConfigureAwait(false);
        foreach (var image in progress.Images)
        {
            var source = manifest.Images[image.Index].SourceName;
            if (!File.Exists(source))
                continue; // delivered before a restart
            if (image.Outcome == ImageOutcome.Done)
            {
                MoveInto(Path.Combine(layout.Done, claim.FolderName), source);
                WatchLog.Done(logger, claim.FolderName, Path.GetFileName(source), Path.Combine(outFolder, image.OutputName));
            }
            else
            {
                Fail(claim, source, image.FailureReason ?? "unknown failure");
            }
        }
    }

    void Fail(Claim claim, string source, string reason)
    {
        var failed = Path.Combine(layout.Failed, claim.FolderName);
        Directory.CreateDirectory(failed);
        var name = Path.GetFileName(source);
        File.WriteAllText(Path.Combine(failed, name + ".reason.txt"), reason + Environment.NewLine);
        MoveInto(failed, source);
        WatchLog.Failed(logger, claim.FolderName, name, reason);
    }

    static void MoveInto(string folder, string source)
    {
        Directory.CreateDirectory(folder);
        File.Move(source, Path.Combine(folder, Path.GetFileName(source)), overwrite: true);
    }

}
