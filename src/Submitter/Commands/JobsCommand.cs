using System.CommandLine;
using ImagePipeline.Client.Catalog;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.Submitter.Presentation;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe jobs</c>: the most recent distributed jobs and their state.</summary>
internal sealed class JobsCommand : Command
{
    readonly Option<bool> _json = GlobalOptions.Json();
    readonly Option<int> _limit = new("--limit", "-n")
    {
        Description = "How many jobs to show, most recent first.",
        DefaultValueFactory = _ => 20,
    };

    public JobsCommand()
        : base("jobs", "List recent distributed jobs: running, done, failed (some images failed) or cancelled.")
    {
        Options.Add(_limit);
        Options.Add(_json);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken), cancellationToken));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var limit = parse.GetValue(_limit);
        if (limit < 1)
            throw new ArgumentException("--limit must be at least 1.");
        using var host = ClientHosts.Distributed(parse.GetValue(GlobalOptions.Config), withBroker: false);
        var catalog = host.Services.GetRequiredService<JobCatalog>();
        JobsView.Write(await catalog.ListRecentAsync(limit, cancellationToken).ConfigureAwait(false), parse.GetValue(_json));
        return ExitCodes.Success;
    }
}
