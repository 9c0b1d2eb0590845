using System.CommandLine;
using ImagePipeline.Submitter.Commands;
using ImagePipeline.Submitter.Presentation;

namespace ImagePipeline.Submitter;

internal static class CliApplication
{
    /// <summary>
    /// Parses and runs a command line. Mistakes in it (the parser's errors, a missing or malformed --config file) exit
    /// with <see cref="ExitCodes.UsageError"/>, not the parser's 1, which means "images failed" here.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        Consoles.Configure();
        var parse = Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                CommandGuard.Fail(ExitCodes.UsageError, error.Message);
            await Console.Error.WriteLineAsync("Run 'imagepipe --help' or 'imagepipe <command> --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        try
        {
            ConfigFile.Check(parse.GetValue(GlobalOptions.Config));
        }
        catch (UsageException exception)
        {
            return CommandGuard.Fail(ExitCodes.UsageError, exception.Message);
        }

        return await parse.InvokeAsync().ConfigureAwait(false);
    }

    public static RootCommand Create()
    {
        var root = new RootCommand(
            "imagepipe: apply OpenCV operations to images, split into tiles and processed by any number of workers.\n" +
            "Run 'imagepipe run' for everything in one process, or 'imagepipe submit' to use RabbitMQ and blob storage.\n\n" +
            ExitCodes.HelpText);
        root.Options.Add(GlobalOptions.Config);
        root.Subcommands.Add(new RunCommand());
        root.Subcommands.Add(new SubmitCommand());
        root.Subcommands.Add(new StatusCommand());
        root.Subcommands.Add(new DownloadCommand());
        root.Subcommands.Add(new OpsCommand());
        root.Subcommands.Add(new WatchCommand());
        root.Subcommands.Add(new JobsCommand());
        root.Subcommands.Add(new CancelCommand());
        root.Subcommands.Add(new RetryCommand());
        root.Subcommands.Add(new ConfigCommand());
        root.Subcommands.Add(new ServeCommand());
        return root;
    }
}
