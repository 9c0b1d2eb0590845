using System.CommandLine;
using ImagePipeline.Client.Watching;
using ImagePipeline.Submitter.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe watch</c>: process every file dropped into <c>&lt;folder&gt;/inbox/&lt;operation&gt;/</c>, until stopped.</summary>
internal sealed class WatchCommand : Command
{
    readonly Argument<DirectoryInfo> _folder = new("folder")
    {
        Description = "The watched root: files go in inbox/<operation>/, outputs appear in out/<operation>/, originals in done/ or failed/.",
    };
    readonly Option<bool> _distributed = new("--distributed")
    {
        Description = "Submit to RabbitMQ and blob storage (configured as for 'submit') instead of processing in this process.",
    };
    readonly Option<int> _tileSize = GlobalOptions.TileSize();
    readonly Option<double?> _quiet = new("--quiet-seconds")
    {
        Description = "How long a file must stay unchanged before it is taken (default 2).",
    };
    readonly Option<int?> _batch = new("--batch-size")
    {
        Description = "Files submitted together as one job (default 16).",
    };
    readonly Option<int?> _jobs = new("--max-jobs")
    {
        Description = "Jobs in flight at once (default 2): with --batch-size, the bound on work in progress.",
    };

    public WatchCommand()
        : base("watch", "Watch a folder: files dropped into <folder>/inbox/<operation>/ are processed exactly once, even across restarts. " +
            "Operation folders are op specs, URL-decoded (e.g. inbox/gaussian/). Runs until Ctrl+C.")
    {
        Arguments.Add(_folder);
        Options.Add(_distributed);
        Options.Add(_tileSize);
        Options.Add(_quiet);
        Options.Add(_batch);
        Options.Add(_jobs);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken), cancellationToken));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var root = parse.GetRequiredValue(_folder).FullName;
        var distributed = parse.GetValue(_distributed);
        var config = parse.GetValue(GlobalOptions.Config);
        var host = distributed
            ? ClientHosts.Distributed(config, withBroker: true, builder => Configure(builder, parse, root, distributed))
            : ClientHosts.Embedded(Path.Combine(root, ".store"), config, builder => Configure(builder, parse, root, distributed));
        using (host)
        {
            await host.StartWithinAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }

            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    void Configure(HostApplicationBuilder builder, ParseResult parse, string root, bool distributed)
    {
        // Flags win over the environment and the config file.
        var flags = new Dictionary<string, string?>
        {
            ["Watch:Folder"] = root,
            ["Watch:TileSize"] = parse.GetValue(_tileSize).ToString(),
            ["Watch:ResubmitUnfinished"] = (!distributed).ToString(),
            ["Watch:DeleteDeliveredJobs"] = (!distributed).ToString(),
        };
        if (parse.GetValue(_quiet) is { } quiet)
            flags["Watch:QuietSeconds"] = quiet.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (parse.GetValue(_batch) is { } batch)
            flags["Watch:BatchSize"] = batch.ToString();
        if (parse.GetValue(_jobs) is { } jobs)
            flags["Watch:MaxJobsInFlight"] = jobs.ToString();
        builder.Configuration.AddInMemoryCollection(flags);

        builder.Services.AddFolderWatcher();
        builder.Services.AddSystemd();
        builder.Logging.AddFilter("ImagePipeline.Client.Watching", LogLevel.Information);
        // A service's log, read later: the bus's errors belong in it, unlike in a command's one-line report.
        builder.Logging.AddFilter("MassTransit", LogLevel.Error);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
        });
    }
}
