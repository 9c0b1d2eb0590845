using System.CommandLine;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.WebUi;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe serve</c>: the web page, on loopback by default, over one pipeline host for the server's lifetime.</summary>
internal sealed class ServeCommand : Command
{
    readonly Option<string> _urls = new("--urls")
    {
        Description = $"Where to listen (default {WebUiApplication.DefaultUrls}). Beyond loopback, set Web:AccessToken (IMAGEPIPE_Web__AccessToken).",
        DefaultValueFactory = _ => WebUiApplication.DefaultUrls,
    };
    readonly Option<bool> _distributed = new("--distributed")
    {
        Description = "Submit to RabbitMQ and blob storage (configured as for 'submit') instead of processing in this process.",
    };
    readonly Option<DirectoryInfo> _work = new("--work")
    {
        HelpName = "folder",
        Description = "Where batches are kept (uploads, previews, and embedded, the pipeline's store), so they outlive a restart; " +
            "one server per folder. Batches are removed after Web:KeepDays (7).",
        DefaultValueFactory = _ => new DirectoryInfo(DefaultWorkFolder()),
    };

    public ServeCommand()
        : base("serve", "Start the web page: upload images, pick an operation, watch progress, compare and download outputs. " +
            "Limits: Web:MaxFileBytes, Web:MaxFiles, Web:MaxPixels. Runs until Ctrl+C.")
    {
        Options.Add(_urls);
        Options.Add(_distributed);
        Options.Add(_work);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken), cancellationToken));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var work = parse.GetRequiredValue(_work).FullName;
        using var claim = ClaimWorkFolder(work);
        await using var app = WebUiApplication.Create(new WebUiSettings(parse.GetRequiredValue(_urls), parse.GetValue(_distributed), work,
            parse.GetValue(GlobalOptions.Config)?.FullName, DistributedClient: services => ClientHosts.AddDistributedClient(services)));
        ClientHosts.ValidateSettings(app.Services);
        await app.StartWithinAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    static string DefaultWorkFolder() =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state ? state
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"), "imagepipe", "serve");

    /// <summary>Two servers on one folder would each resubmit the other's batches: the second is refused.</summary>
    static FileStream ClaimWorkFolder(string work)
    {
        Directory.CreateDirectory(work);
        try
        {
            return new FileStream(Path.Combine(work, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new ArgumentException($"Another 'imagepipe serve' is using {work}; give this one its own folder with --work.");
        }
    }
}
