using System.CommandLine;
using System.Text.Json;
using ImagePipeline.Imaging.Operations;
using Spectre.Console;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe ops</c>: the operations, their parameters, and how each is split.</summary>
internal sealed class OpsCommand : Command
{
    readonly Option<bool> _json = GlobalOptions.Json();

    public OpsCommand()
        : base("ops", "List the operations and their parameters.")
    {
        Options.Add(_json);
        SetAction(parse => Execute(parse.GetValue(_json)));
    }

    static int Execute(bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(OperationCatalog.All.Select(op => new
            {
                op.Name,
                op.Description,
                op.Halo,
                Tiling = Splitting(op),
                Output = op.ProducesGray ? "gray" : "color",
            }), new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            return ExitCodes.Success;
        }

        var table = new Table().AddColumns("operation", "what it does", "halo (px)", "splitting", "output");
        foreach (var op in OperationCatalog.All)
            table.AddRow(op.Name, Markup.Escape(op.Description), op.Halo.ToString(), Splitting(op), op.ProducesGray ? "1-channel PNG" : "3-channel PNG");
        AnsiConsole.Write(table);
        return ExitCodes.Success;
    }

    static string Splitting(IImageOperation op) => op.IsGlobal ? "whole image (global)" : "tiled";
}
