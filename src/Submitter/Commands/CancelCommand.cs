using System.CommandLine;
using ImagePipeline.Client.Catalog;
using ImagePipeline.Client.Progress;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Submitter.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe cancel</c>: stop a distributed job; its queued tiles are dropped and it ends as cancelled.</summary>
internal sealed class CancelCommand : Command
{
    readonly Argument<Guid> _jobId = GlobalOptions.JobId();

    public CancelCommand()
        : base("cancel", "Cancel a distributed job: tiles still queued are dropped unprocessed, nothing further is written, " +
            "and the job ends as cancelled (outputs already finished stay). A job that has already ended is left as it is (exit code 6).")
    {
        Arguments.Add(_jobId);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken), cancellationToken));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var jobId = parse.GetValue(_jobId);
        using var host = ClientHosts.Distributed(parse.GetValue(GlobalOptions.Config), withBroker: false);
        if (await host.Services.GetRequiredService<JobStatusReader>().TryReadManifestAsync(jobId, cancellationToken).ConfigureAwait(false) is null)
            return CommandGuard.Fail(ExitCodes.JobNotFound, $"No job {jobId}.");

        // A job that has ended keeps its outcome: a marker now would only relabel it.
        if (await host.Services.GetRequiredService<JobCatalog>().TryGetAsync(jobId, cancellationToken).ConfigureAwait(false) is { } job
            && job.State is JobStateNames.Done or JobStateNames.Failed or JobStateNames.Cancelled)
            return CommandGuard.Fail(ExitCodes.JobAlreadyEnded,
                $"Job {jobId} has already ended ({job.State}: {job.Done} done, {job.Failed} failed of {job.ImageCount} images); nothing to cancel.");

        await host.Services.GetRequiredService<JobCancellation>().CancelAsync(jobId, cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLineInterpolated($"job [bold]{jobId}[/] cancelled: queued tiles are dropped; 'imagepipe status {jobId}' shows when it has ended.");
        return ExitCodes.Success;
    }
}
