using System.CommandLine;
using System.Text.Json;
using ImagePipeline.Client.Watching;
using ImagePipeline.Hosting.RabbitMq;
using ImagePipeline.Protocol;
using ImagePipeline.Storage;
using ImagePipeline.Submitter.Presentation;
using ImagePipeline.WebUi.Settings;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe config</c>: every setting in effect, where it comes from, secrets masked.</summary>
internal sealed class ConfigCommand : Command
{
    public const string PrecedenceText =
        "Precedence: command-line flags > environment variables IMAGEPIPE_<Section>__<Key> > the --config JSON file > defaults.";

    static readonly (string, Type)[] Sections =
    [
        (RabbitMqOptions.SectionName, typeof(RabbitMqOptions)),
        (BlobStorageOptions.SectionName, typeof(BlobStorageOptions)),
        (ProcessingOptions.SectionName, typeof(ProcessingOptions)),
        (WatchOptions.SectionName, typeof(WatchOptions)),
        (WebOptions.SectionName, typeof(WebOptions)),
    ];

    readonly Option<bool> _json = GlobalOptions.Json();

    public ConfigCommand()
        : base("config", "Show the settings in effect and where each comes from; passwords, tokens and account keys are masked. " +
            PrecedenceText)
    {
        Options.Add(_json);
        SetAction(parse => CommandGuard.RunAsync(() => Task.FromResult(Execute(parse))));
    }

    int Execute(ParseResult parse)
    {
        // Built exactly as the commands' hosts build theirs: file first, then the environment over it.
        var builder = new ConfigurationBuilder();
        if (parse.GetValue(GlobalOptions.Config) is { } file)
            builder.AddJsonFile(file.FullName, optional: false);
        builder.AddEnvironmentVariables(prefix: "IMAGEPIPE_");
        var settings = EffectiveSettings.Read(builder.Build(), Sections);

        if (parse.GetValue(_json))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(settings, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            return ExitCodes.Success;
        }

        var table = Consoles.Table("setting", "value", "from");
        foreach (var setting in settings)
            table.AddRow(Markup.Escape(setting.Key), Markup.Escape(setting.Value ?? "(not set)"), Markup.Escape(setting.Source));
        Consoles.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(PrecedenceText));
        return ExitCodes.Success;
    }
}
