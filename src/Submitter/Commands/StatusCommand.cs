using System.CommandLine;
using ImagePipeline.Client.Progress;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.Submitter.Presentation;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe status</c>: per image, done, failed with its reason, or in progress with tiles done.</summary>
internal sealed class StatusCommand : Command
{
    readonly Argument<Guid> _jobId = GlobalOptions.JobId();
    readonly Option<bool> _json = GlobalOptions.Json();

    public StatusCommand()
        : base("status", "Show a distributed job's progress, image by image.")
    {
        Arguments.Add(_jobId);
        Options.Add(_json);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken), cancellationToken));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var jobId = parse.GetValue(_jobId);
        using var host = ClientHosts.Distributed(parse.GetValue(GlobalOptions.Config), withBroker: false);
        var progress = await host.Services.GetRequiredService<JobStatusReader>().TryReadAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (progress is null)
            return CommandGuard.Fail(ExitCodes.JobNotFound, $"No job {jobId}.");

        var cancelled = await host.Services.GetRequiredService<JobCancellation>().IsCancelledAsync(jobId, cancellationToken).ConfigureAwait(false);
        JobReport.Write(progress, parse.GetValue(_json), cancelled);
        return progress.Failed > 0 ? ExitCodes.ImagesFailed : ExitCodes.Success;
    }
}
