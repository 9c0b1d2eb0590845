using System.CommandLine;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Imaging.Codecs;

namespace ImagePipeline.Submitter.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class GlobalOptions
{
    public static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "A JSON settings file (RabbitMq, Storage, Processing sections). Environment variables IMAGEPIPE_<Section>__<Key> override it.",
        Recursive = true,
    };

    public static Option<string> Operation() => new("--op")
    {
        Description = "The operation: one step with optional parameters (gaussian:ksize=9,sigma=2.5) or a chain of steps "
            + "separated by | (to_gray|gaussian:ksize=5|canny:low=50,high=150); 'imagepipe ops' lists steps and parameters.",
        Required = true,
    };

    public static Option<string> Format() => new("--format")
    {
        Description = "Output format: png (lossless, the default), jpg, webp or tiff (lossless); it also gives the outputs' extension.",
        DefaultValueFactory = _ => OutputFormats.DefaultName,
    };

    public static Option<int?> Quality() => new("--quality")
    {
        Description = "Quality 1-100 for jpg (default 95) and webp (default 90); png and tiff are lossless and take none.",
    };

    public static Option<int> TileSize() => new("--tile-size")
    {
        Description = "Images larger than this many pixels on a side are cut into tiles of this size.",
        DefaultValueFactory = _ => JobRequest.DefaultTileSize,
    };

    /// <summary><c>run</c>'s: without it every image is processed whole, so it has no default to show.</summary>
    public static Option<int> TileSizeOnOneMachine() => new("--tile-size")
    {
        Description = "Cut images larger than this many pixels on a side into tiles of this size. Without it, each image is processed " +
            "whole: tiles spread an image over machines, and on one they only add work.",
    };

    public static Argument<string[]> Inputs() => new("inputs")
    {
        Description = "Image files and folders (folders are searched recursively).",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write machine-readable JSON to standard output instead of text.",
    };

    public static Argument<Guid> JobId() => new("job-id")
    {
        Description = "The job id printed by 'imagepipe submit'.",
    };
}
