using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Orchestration.Jobs;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.Submitter.Presentation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace ImagePipeline.Submitter.Commands;

/// <summary>The steps that <c>run</c> and <c>submit --wait</c> share: submit, follow, download, report.</summary>
internal static class JobExecution
{
    public static JobRequest CreateRequest(string[] inputs, string operation, int tileSize, string format = OutputFormats.DefaultName, int quality = 0)
    {
        // Checked before any file is read: a bad spec or format is a usage error and nothing is submitted.
        OperationSpec.Parse(operation);
        OutputFormats.Parse(format, quality);
        var files = InputFiles.Expand(inputs);
        if (files.Count == 0)
            throw new ArgumentException("No input files found in " + string.Join(", ", inputs) + ".");
        if (tileSize < 16)
            throw new ArgumentException("--tile-size must be at least 16 pixels.");
        return new JobRequest(files, operation, tileSize) { OutputEncoding = new OutputEncoding { Format = format, Quality = quality } };
    }

    /// <summary>Starts <paramref name="host"/> and submits <paramref name="request"/> on it meanwhile (<see cref="HostStartup.StartAlongsideAsync"/>).</summary>
    public static Task<JobManifest> StartAndSubmitAsync(IHost host, JobRequest request, CancellationToken cancellationToken) =>
        host.StartAlongsideAsync(TimeSpan.FromSeconds(30),
            token => host.Services.GetRequiredService<JobSubmitter>().SubmitAsync(request, imagesQueued: null, token), cancellationToken);

    public static async Task<int> WaitAndDownloadAsync(IServiceProvider services, JobManifest manifest, string outputFolder,
        TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var waiter = services.GetRequiredService<JobWaiter>();
        var progress = await ProgressView.TrackAsync(reporter => waiter.WaitAsync(manifest, pollInterval, reporter, cancellationToken)).ConfigureAwait(false);
        var written = await services.GetRequiredService<ResultDownloader>().DownloadAsync(manifest, progress, outputFolder, cancellationToken)
            .ConfigureAwait(false);

        JobReport.WriteFailures(progress);
        AnsiConsole.MarkupLineInterpolated(
            $"{written.Count} of {progress.ImageCount} outputs written to [bold]{Path.GetFullPath(outputFolder)}[/]{(progress.Failed > 0 ? $", {progress.Failed} failed" : "")}.");
        return progress.Failed > 0 ? ExitCodes.ImagesFailed : ExitCodes.Success;
    }
}
