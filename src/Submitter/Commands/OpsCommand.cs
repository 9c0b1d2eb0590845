using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Operations.Specs;
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
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(OperationDescription.All,
                new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            return ExitCodes.Success;
        }

        var table = Consoles.Table("operation", "parameters (default; range)", "what it does", "halo (px)", "splitting", "output");
        foreach (var operation in OperationDescription.All)
        {
            table.AddRow(
                operation.Name,
                Markup.Escape(string.Join("\n", operation.Parameters.Select(p => $"{p.Name}={p.Default} ({p.Range})"))),
                Markup.Escape(operation.Description),
                operation.Halo.ToString(CultureInfo.InvariantCulture),
                operation.Tiling,
                operation.Output == "gray" ? "1 channel" : "as input");
        }

        Consoles.Write(table);
        foreach (var note in Notes)
            AnsiConsole.WriteLine(note);
        return ExitCodes.Success;
    }
}
