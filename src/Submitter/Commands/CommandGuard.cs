using ImagePipeline.Client.Downloads;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Hosting;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.Submitter.Presentation;
using Spectre.Console;

namespace ImagePipeline.Submitter.Commands;

/// <summary>
/// Turns the failures a user can cause or fix into one clear line and a documented exit code: a mistake on the command
/// line, settings that are missing or wrong, a broker or blob store that cannot be used. Anything else is a bug, and
/// goes on with its stack trace.
/// </summary>
internal static class CommandGuard
{
    /// <param name="cancellationToken">Ctrl+C: a cancellation it caused is reported as such (exit code 130).</param>
    public static async Task<int> RunAsync(Func<Task<int>> command, CancellationToken cancellationToken = default)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is UsageException or OperationSpecException or UnknownOperationException)
        {
            return Fail(ExitCodes.UsageError, exception.Message);
        }
        catch (Exception exception) when (SettingsProblems.Describe(exception) is { } problems)
        {
            return Fail(ExitCodes.InfrastructureUnavailable, $"Settings missing or invalid: {problems}");
        }
        catch (InfrastructureUnavailableException exception)
        {
            return Fail(ExitCodes.InfrastructureUnavailable, exception.Message);
        }
        catch (Exception exception) when (BlobStoreFailures.Describe(exception) is { } problem)
        {
            return Fail(ExitCodes.InfrastructureUnavailable, problem);
        }
        catch (SubmissionEndedException exception)
        {
            return Fail(ExitCodes.ImagesFailed, exception.Message);
        }
        catch (OutputMissingException exception)
        {
            return Fail(ExitCodes.ImagesFailed, exception.Message);
        }
        catch (SubmissionNotResumableException exception)
        {
            return Fail(exception.Refusal switch
            {
                ResumeRefusal.UnknownJob => ExitCodes.JobNotFound,
                ResumeRefusal.StillSubmitted => ExitCodes.JobIncomplete,
                ResumeRefusal.InputsDiffer => ExitCodes.UsageError,
                _ => ExitCodes.JobAlreadyEnded,
            }, exception.Message);
        }
        catch (OutputsNotWrittenException exception)
        {
            return Fail(ExitCodes.OutputsNotWritten, exception.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(ExitCodes.Cancelled, "Interrupted.");
        }
    }

    public static int Fail(int exitCode, string message)
    {
        Consoles.Error.MarkupLineInterpolated($"[red]error:[/] {message}");
        return exitCode;
    }
}
