using ImagePipeline.Client;
using ImagePipeline.Client.Downloads;
using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.Submitter.Presentation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace ImagePipeline.Submitter.Commands;

/// <summary>The steps that <c>run</c> and <c>submit --wait</c> share: submit, follow, download, report.</summary>
internal static class JobExecution
{
    /// <param name="quality">Null for the format's default.</param>
    /// <exception cref="UsageException">A mistake in the arguments: nothing has been read or submitted.</exception>
    /// <exception cref="OperationSpecException">The operation cannot be run, for the same reason.</exception>
    public static JobRequest CreateRequest(string[] inputs, string operation, int tileSize, string format = OutputFormats.DefaultName, int? quality = null)
    {
        // Checked before any file is read: a bad spec or format is a usage error and nothing is submitted.
        OperationSpec.Parse(operation);
        if (quality is < 1 or > 100)
            throw new UsageException($"--quality must be between 1 and 100, got {quality}.");
        try
        {
            OutputFormats.Parse(format, quality ?? 0);
        }
        catch (ArgumentException exception)
        {
            throw new UsageException(exception.Message);
        }

        if (tileSize < 16)
            throw new UsageException("--tile-size must be at least 16 pixels.");
        IReadOnlyList<string> files;
        try
        {
            files = InputFiles.Expand(inputs);
        }
        catch (FileNotFoundException exception)
        {
            throw new UsageException(exception.Message);
        }

        if (files.Count == 0)
            throw new UsageException("No input files found in " + string.Join(", ", inputs) + ".");
        return new JobRequest(files, operation, tileSize) { OutputEncoding = new OutputEncoding { Format = format, Quality = quality ?? 0 } };
    }

    /// <summary>Starts <paramref name="host"/> and submits <paramref name="request"/> on it meanwhile (<see cref="HostStartup.StartAlongsideAsync"/>).</summary>
    public static Task<JobManifest> StartAndSubmitAsync(IHost host, JobRequest request, CancellationToken cancellationToken) =>
        host.StartAlongsideAsync(TimeSpan.FromSeconds(30),
            token => host.Services.GetRequiredService<JobSubmitter>().SubmitAsync(request, imagesQueued: null, token), cancellationToken);

    /// <summary>Starts <paramref name="host"/> and completes the submission of <paramref name="request"/>'s job, cut short before (<c>submit --resume</c>).</summary>
    /// <exception cref="SubmissionNotResumableException">Nothing was stored or queued; the message says why.</exception>
    public static Task<JobManifest> StartAndResumeAsync(IHost host, JobRequest request, CancellationToken cancellationToken) =>
        host.StartAlongsideAsync(TimeSpan.FromSeconds(30),
            token => host.Services.GetRequiredService<JobSubmitter>().ResumeAsync(request.JobId!.Value, request, imagesQueued: null, token), cancellationToken);

    /// <param name="outputFolder">Created already (<see cref="OutputFolder.Prepare"/>).</param>
    /// <param name="outputsKept">
    /// Whether the job's outputs stay in a store that outlives this command (<c>submit</c>'s), so that a failure to write
    /// them here can be repaired with <c>imagepipe download</c>.
    /// </param>
    /// <exception cref="OutputsNotWrittenException">An output could not be written into <paramref name="outputFolder"/>.</exception>
    /// <exception cref="InfrastructureUnavailableException">An output could not be read from the blob store, even after retries.</exception>
    public static async Task<int> WaitAndDownloadAsync(IServiceProvider services, JobManifest manifest, string outputFolder,
        TimeSpan pollInterval, bool outputsKept, CancellationToken cancellationToken)
    {
        var waiter = services.GetRequiredService<JobWaiter>();
        var progress = await ProgressView.TrackAsync(reporter => waiter.WaitAsync(manifest, pollInterval, reporter, cancellationToken)).ConfigureAwait(false);
        IReadOnlyList<string> written;
        try
        {
            written = await services.GetRequiredService<ResultDownloader>().DownloadAsync(manifest, progress, outputFolder, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DownloadFailedException exception)
        {
            var job = $"Job {manifest.JobId} ended ({progress.Done} done, {progress.Failed} failed of {progress.ImageCount} images)";
            throw new InfrastructureUnavailableException(outputsKept
                ? $"{job}, but {BlobStoreFailures.Describe(exception)} The outputs stay in the blob store: " +
                  $"'imagepipe download {manifest.JobId} --out <folder>' fetches them."
                : $"{job}, but {BlobStoreFailures.Describe(exception)}", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var job = $"Job {manifest.JobId} ended ({progress.Done} done, {progress.Failed} failed of {progress.ImageCount} images)";
            throw new OutputsNotWrittenException(outputsKept
                ? $"{job}, but its outputs could not all be written to {outputFolder}: {exception.Message.TrimEnd('.')}. They stay in the blob store: " +
                  $"'imagepipe download {manifest.JobId} --out <folder>' fetches them."
                : $"{job}, but its outputs could not all be written to {outputFolder}: {exception.Message.TrimEnd('.')}.", exception);
        }

        JobReport.WriteFailures(progress);
        AnsiConsole.MarkupLineInterpolated(
            $"{written.Count} of {progress.ImageCount} outputs written to [bold]{Path.GetFullPath(outputFolder)}[/]{(progress.Failed > 0 ? $", {progress.Failed} failed" : "")}.");
        return progress.Failed > 0 ? ExitCodes.ImagesFailed : ExitCodes.Success;
    }
}
