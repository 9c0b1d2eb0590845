using System.CommandLine;
using ImagePipeline.Orchestration.Jobs;

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
        Description = "The operation to apply; 'imagepipe ops' lists them.",
        Required = true,
    };

    public static Option<int> TileSize() => new("--tile-size")
    {
        Description = "Images larger than this many pixels on a side are cut into tiles of this size.",
        DefaultValueFactory = _ => JobRequest.DefaultTileSize,
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
