using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Imaging.Operations.Steps;
using ImagePipeline.Submitter.Presentation;
using Spectre.Console;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe ops</c>: the operations, their parameters with defaults and ranges, and how each is split.</summary>
internal sealed class OpsCommand : Command
{
    internal static readonly string[] Notes =
    [
        "Spec: name, or name:param=value,param=value; chain steps with | (to_gray|gaussian:ksize=5|canny:low=50,high=150). A chain runs as one message per tile; its halo is the sum of its steps' halos.",
        "Global steps (canny, contrast_stretching, equalize, clahe, threshold method=otsu) run tiled in passes: tiles gather statistics, one reduction per step gives the tables, threshold or joined edges, then the tiles apply them; the result equals the whole-image one pixel for pixel. A chain makes one pass per global step plus one.",
        "A chain with a geometric step (resize, rotate, flip), or a neighbourhood step after canny, processes each image whole, in one message, so the result is exact.",
        "Inputs are decoded to 8-bit BGR: gray and palette images become three equal or looked-up channels, alpha is dropped (colour kept as stored), 16-bit samples keep their high byte (value >> 8), a JPEG's EXIF orientation is applied before anything else.",
        "Outputs: --format png (default, lossless), jpg, webp or tiff (lossless), --quality 1-100 for jpg and webp; 1-channel results stay 1-channel except in webp.",
    ];

    readonly Option<bool> _json = GlobalOptions.Json();

    public OpsCommand()
        : base("ops", "List the operations, their parameters (defaults and ranges) and how each is split into tiles.")
    {
        Options.Add(_json);
        SetAction(parse => Execute(parse.GetValue(_json)));
    }

    static int Execute(bool json)
    {
        var rows = StepCatalog.All.Select(d => (Definition: d, Default: OperationSpec.Parse(d.Name))).ToArray();
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(rows.Select(r => new
            {
                r.Definition.Name,
                r.Definition.Description,
                Parameters = r.Definition.Parameters.Select(p => new
                {
                    p.Name,
                    Type = p.Kind.ToString().ToLowerInvariant(),
                    p.Default,
                    Min = p.Kind == ParameterKind.Choice ? (double?)null : p.Min,
                    Max = p.Kind == ParameterKind.Choice ? (double?)null : p.Max,
                    p.OddOnly,
                    Choices = p.Kind == ParameterKind.Choice ? p.Choices : null,
                    p.Description,
                }),
                r.Default.Halo,
                Tiling = Splitting(r.Default),
                Output = r.Default.ProducesGray ? "gray" : "color",
            }), new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            return ExitCodes.Success;
        }

        var table = Consoles.Table("operation", "parameters (default; range)", "what it does", "halo (px)", "splitting", "output");
        foreach (var (definition, chain) in rows)
        {
            table.AddRow(
                definition.Name,
                Markup.Escape(string.Join("\n", definition.Parameters.Select(p => $"{p.Name}={p.Default} ({p.Range})"))),
                Markup.Escape(definition.Description),
                chain.Halo.ToString(CultureInfo.InvariantCulture),
                Splitting(chain),
                chain.ProducesGray ? "1 channel" : "as input");
        }

        AnsiConsole.Write(table);
        foreach (var note in Notes)
            AnsiConsole.WriteLine(note);
        return ExitCodes.Success;
    }

    static string Splitting(OperationChain chain) => chain switch
    {
        { Scope: StepScope.Geometric } => "whole image (geometry)",
        { IsGlobal: true } => "whole image (global)",
        { Passes.Count: > 1 } => "tiled, two passes",
        _ => "tiled",
    };
}
