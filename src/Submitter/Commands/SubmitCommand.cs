using System.CommandLine;
using ImagePipeline.Submitter.Hosting;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe submit</c>: store inputs in blob storage and queue their tiles on RabbitMQ.</summary>
internal sealed class SubmitCommand : Command
{
    readonly JobOptions _job = new(keepsResults: true);
    readonly Option<bool> _wait = new("--wait")
    {
        Description = "Show progress until the job ends, then download the outputs.",
    };
    readonly Option<DirectoryInfo> _out = new("--out", "-o")
    {
        Description = "With --wait: folder for the outputs (default: ./<job id>).",
    };

    public SubmitCommand()
        : base("submit", "Submit a job to the distributed pipeline and print its id. " + ExitCodes.HelpText)
    {
        _job.AddTo(this);
        Options.Add(_wait);
        Options.Add(_out);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken)));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var request = _job.CreateRequest(parse);
        using var host = ClientHosts.Distributed(parse.GetValue(GlobalOptions.Config), withBroker: true);
        var manifest = await JobExecution.StartAndSubmitAsync(host, request, cancellationToken).ConfigureAwait(false);
        try
        {
            Console.Out.WriteLine(manifest.JobId);
            if (!parse.GetValue(_wait))
                return ExitCodes.Success;

            var outputFolder = parse.GetValue(_out)?.FullName ?? Path.Combine(Environment.CurrentDirectory, manifest.JobId.ToString());
            return await JobExecution.WaitAndDownloadAsync(host.Services, manifest, outputFolder, TimeSpan.FromMilliseconds(250), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
