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

    public ServeCommand()
        : base("serve", "Start the web page: upload images, pick an operation, watch progress, compare and download outputs. " +
            "Limits: Web:MaxFileBytes, Web:MaxFiles, Web:MaxPixels. Runs until Ctrl+C. " + ExitCodes.HelpText)
    {
        Options.Add(_urls);
        Options.Add(_distributed);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken)));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("imagepipe-serve-").FullName;
        try
        {
            await using var app = WebUiApplication.Create(new WebUiSettings(parse.GetRequiredValue(_urls), parse.GetValue(_distributed), work,
                parse.GetValue(GlobalOptions.Config)?.FullName));
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
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
