using Azure;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Submitter.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace ImagePipeline.Submitter.Commands;

/// <summary>Turns the failures a user can cause or fix into one clear line and a documented exit code.</summary>
internal static class CommandGuard
{
    public static async Task<int> RunAsync(Func<Task<int>> command)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is UnknownOperationException or FileNotFoundException or ArgumentException)
        {
            return Fail(ExitCodes.UsageError, exception.Message);
        }
        catch (OptionsValidationException exception)
        {
            return Fail(ExitCodes.InfrastructureUnavailable, $"Configuration is incomplete: {string.Join("; ", exception.Failures)}");
        }
        catch (InfrastructureUnavailableException exception)
        {
            return Fail(ExitCodes.InfrastructureUnavailable, exception.Message);
        }
        catch (Exception exception) when (exception is RequestFailedException or HttpRequestException or AggregateException { InnerException: RequestFailedException })
        {
            return Fail(ExitCodes.InfrastructureUnavailable, $"The blob store cannot be used: {exception.Message.Split('\n')[0]}");
        }
        catch (OperationCanceledException)
        {
            return Fail(ExitCodes.Cancelled, "Cancelled.");
        }
    }

    public static int Fail(int exitCode, string message)
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        error.MarkupLineInterpolated($"[red]error:[/] {message}");
        return exitCode;
    }
}
