using System.CommandLine;
using ImagePipeline.Submitter.Commands;

namespace ImagePipeline.Submitter;

internal static class CliApplication
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "imagepipe: apply OpenCV operations to images, split into tiles and processed by any number of workers.\n" +
            "Run 'imagepipe run' for everything in one process, or 'imagepipe submit' to use RabbitMQ and blob storage.\n" +
            ExitCodes.HelpText);
        root.Options.Add(GlobalOptions.Config);
        root.Subcommands.Add(new RunCommand());
        root.Subcommands.Add(new SubmitCommand());
        root.Subcommands.Add(new StatusCommand());
        root.Subcommands.Add(new DownloadCommand());
        root.Subcommands.Add(new OpsCommand());
        return root;
    }
}
