using System.CommandLine;
using ImagePipeline.Client.Downloads;
using ImagePipeline.Client.Progress;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.Submitter.Presentation;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe download</c>: copy a job's finished outputs into a folder.</summary>
internal sealed class DownloadCommand : Command
{
    readonly Argument<Guid> _jobId = GlobalOptions.JobId();
    readonly Option<DirectoryInfo> _out = new("--out", "-o")
    {
        Description = "Folder for the outputs, created if missing.",
        Required = true,
    };

    public DownloadCommand()
        : base("download", "Download the outputs of a distributed job that are done so far (exit code 5 while it has not finished).")
    {
        Arguments.Add(_jobId);
        Options.Add(_out);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken), cancellationToken));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var jobId = parse.GetValue(_jobId);
        var folder = OutputFolder.Prepare(parse.GetRequiredValue(_out));
        using var host = ClientHosts.Distributed(parse.GetValue(GlobalOptions.Config), withBroker: false);
        var reader = host.Services.GetRequiredService<JobStatusReader>();
        var manifest = await reader.TryReadManifestAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
            return CommandGuard.Fail(ExitCodes.JobNotFound, $"No job {jobId}.");

        var progress = await reader.ReadAsync(manifest, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> written;
        try
        {
            written = await host.Services.GetRequiredService<ResultDownloader>().DownloadAsync(manifest, progress, folder, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DownloadFailedException exception)
        {
            throw new InfrastructureUnavailableException(
                $"{BlobStoreFailures.Describe(exception)} Running the same download again fetches the rest, going on from where each file stopped.", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new OutputsNotWrittenException(
                $"The outputs of job {jobId} could not all be written to {folder}: {exception.Message.TrimEnd('.')}. They stay in the blob store.", exception);
        }

        JobReport.WriteFailures(progress);
        AnsiConsole.MarkupLineInterpolated($"{written.Count} of {progress.ImageCount} outputs written to [bold]{folder}[/].");
        if (progress.Failed > 0)
            return ExitCodes.ImagesFailed;
        return progress.HasEnded ? ExitCodes.Success : ExitCodes.JobIncomplete;
    }
}
