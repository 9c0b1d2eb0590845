using System.CommandLine;
using ImagePipeline.Submitter.Hosting;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe run</c>: the whole pipeline in this process, no broker or storage needed.</summary>
internal sealed class RunCommand : Command
{
    readonly JobOptions _job = new(keepsResults: false);
    readonly Option<DirectoryInfo> _out = new("--out", "-o")
    {
        Description = "Folder for the outputs, one <input name>.<format> per input.",
        Required = true,
    };

    public RunCommand()
        : base("run", "Process images in this process (in-memory queue, local folder as blob store). " + ExitCodes.HelpText)
    {
        _job.AddTo(this);
        Options.Add(_out);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken)));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var request = _job.CreateRequest(parse);
        var workFolder = Directory.CreateTempSubdirectory("imagepipe-").FullName;
        try
        {
            using var host = ClientHosts.Embedded(workFolder, parse.GetValue(GlobalOptions.Config), throwawayStore: true);
            await host.StartWithinAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            try
            {
                var manifest = await JobExecution.SubmitAsync(host.Services, request, cancellationToken).ConfigureAwait(false);
                return await JobExecution.WaitAndDownloadAsync(host.Services, manifest, parse.GetRequiredValue(_out).FullName,
                    TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            Directory.Delete(workFolder, recursive: true);
        }
    }
}
