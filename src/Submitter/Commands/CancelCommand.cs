using System.CommandLine;
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
            "and the job ends as cancelled (outputs already finished stay). " + ExitCodes.HelpText)
    {
        Arguments.Add(_jobId);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken)));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var jobId = parse.GetValue(_jobId);
        using var host = ClientHosts.Distributed(parse.GetValue(GlobalOptions.Config), withBroker: false);
        if (await host.Services.GetRequiredService<JobStatusReader>().TryReadManifestAsync(jobId, cancellationToken).ConfigureAwait(false) is null)
            return CommandGuard.Fail(ExitCodes.JobNotFound, $"No job {jobId} (or it is still being submitted).");

        await host.Services.GetRequiredService<JobCancellation>().CancelAsync(jobId, cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLineInterpolated($"job [bold]{jobId}[/] cancelled: queued tiles are dropped; 'imagepipe status {jobId}' shows when it has ended.");
        return ExitCodes.Success;
    }
}
