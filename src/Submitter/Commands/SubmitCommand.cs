using System.CommandLine;
using ImagePipeline.Client;
using ImagePipeline.Contracts;
using ImagePipeline.Submitter.Hosting;
using MassTransit;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe submit</c>: store inputs in blob storage and queue their tiles on RabbitMQ.</summary>
internal sealed class SubmitCommand : Command
{
    readonly JobOptions _job = new(keepsResults: true);
    readonly Option<bool> _wait = new("--wait")
    {
        Description = "Show progress until the job ends, then download the outputs (into ./<job id> unless --out says where).",
    };
    // Outputs can only be written once they exist: asking for a folder is asking to wait for them, so --out implies --wait
    // rather than being refused (the user would only retype the command with the flag) or ignored (as it once was).
    readonly Option<DirectoryInfo> _out = new("--out", "-o")
    {
        Description = "Folder for the outputs, created if missing; implies --wait.",
    };

    readonly Option<JobPriority> _priority = new("--priority")
    {
        Description = "batch (the default) or interactive: an interactive job's tiles go ahead of every batch job's. Keep it for jobs someone waits for.",
        DefaultValueFactory = _ => JobPriority.Batch,
    };

    readonly Option<Guid?> _resume = new("--resume")
    {
        Description = "Complete the submission of this job, cut short (its submitter killed or stopped), from the same inputs and options: " +
            "only the images it had not queued are stored and queued. Refused if the job is unknown (exit code 4), completed or ended " +
            "(6), still being submitted (5), or the inputs differ (2).",
        HelpName = "job-id",
    };

    public SubmitCommand()
        : base("submit", "Submit a job to the distributed pipeline and print its id; with --wait or --out, follow it and download its outputs.")
    {
        _job.AddTo(this);
        Options.Add(_wait);
        Options.Add(_out);
        Options.Add(_priority);
        Options.Add(_resume);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken), cancellationToken));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // The id is printed before the first upload, so that a submission cut short can still be found, cancelled or waited for.
        var resumed = parse.GetValue(_resume);
        var request = _job.CreateRequest(parse) with { JobId = resumed ?? NewId.NextGuid(), Priority = parse.GetValue(_priority) };
        var wait = parse.GetValue(_wait) || parse.GetValue(_out) is not null;
        // The output folder is made ready before anything is submitted: a mistake in it costs nothing.
        var outputFolder = parse.GetValue(_out) is { } named ? OutputFolder.Prepare(named) : null;
        using var host = ClientHosts.Distributed(parse.GetValue(GlobalOptions.Config), withBroker: true);
        JobManifest manifest;
        if (resumed is null)
        {
            Console.Out.WriteLine(request.JobId);
            await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            manifest = await JobExecution.StartAndSubmitAsync(host, request, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The user named the job: its id is printed once it is resumed, as a submit prints it, and not before a refusal.
            manifest = await JobExecution.StartAndResumeAsync(host, request, cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine(request.JobId);
        }

        try
        {
            if (!wait)
                return ExitCodes.Success;

            outputFolder ??= OutputFolder.Prepare(new DirectoryInfo(manifest.JobId.ToString()));
            return await JobExecution.WaitAndDownloadAsync(host.Services, manifest, outputFolder, TimeSpan.FromMilliseconds(250), outputsKept: true,
                    cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
