using System.CommandLine;
using ImagePipeline.Submitter.Hosting;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe run</c>: the whole pipeline in this process, no broker or storage needed.</summary>
internal sealed class RunCommand : Command
{
    readonly JobOptions _job = new(keepsResults: false, wholeImagesByDefault: true);
    readonly Option<DirectoryInfo> _out = new("--out", "-o")
    {
        Description = "Folder for the outputs, one <input name>.<format> per input; created if missing.",
        Required = true,
    };

    /// <summary>
    /// How often the job's progress is read. In this process the read is a look at in-memory state (the job
    /// saga's, and each tiled image's), so it can be frequent: a job ends on average half an interval before
    /// it is seen to, and every invocation pays that.
    /// </summary>
    static readonly TimeSpan StatusPollInterval = TimeSpan.FromMilliseconds(25);

    public RunCommand()
        : base("run", "Process images in this process (in-memory queue, local folder as blob store).")
    {
        _job.AddTo(this);
        Options.Add(_out);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken), cancellationToken));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var request = _job.CreateRequest(parse);
        var output = OutputFolder.Prepare(parse.GetRequiredValue(_out));
        var workFolder = Directory.CreateTempSubdirectory("imagepipe-").FullName;
        try
        {
            using var host = ClientHosts.Embedded(workFolder, parse.GetValue(GlobalOptions.Config),
                builder => OneMachine.UseCoresFor(builder, request.Files.Count), throwawayStore: true);
            var manifest = await JobExecution.StartAndSubmitAsync(host, request, cancellationToken).ConfigureAwait(false);
            try
            {
                return await JobExecution.WaitAndDownloadAsync(host.Services, manifest, output, StatusPollInterval, outputsKept: false,
                    cancellationToken).ConfigureAwait(false);
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
