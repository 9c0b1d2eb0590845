using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace ImagePipeline.Submitter.Commands;

/// <summary>The --config file, read once before any command runs, so that a missing or malformed file is one line (exit code 2).</summary>
internal static class ConfigFile
{
    /// <exception cref="UsageException">The file is missing or is not JSON.</exception>
    public static void Check(FileInfo? file)
    {
        if (file is null)
            return;
        if (!file.Exists)
            throw new UsageException($"--config {file.FullName}: no such file.");
        try
        {
            // Read as every command reads it: comments and trailing commas allowed.
            new ConfigurationBuilder().AddJsonFile(file.FullName, optional: false).Build();
        }
        catch (InvalidDataException exception) when (exception.InnerException?.InnerException is JsonException json)
        {
            var reason = json.Message.Split(" LineNumber:")[0].Trim().TrimEnd('.');
            throw new UsageException(
                $"--config {file.FullName} is not valid JSON: {reason} (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).");
        }
        catch (InvalidDataException exception)
        {
            throw new UsageException($"--config {file.FullName} cannot be read: {(exception.InnerException ?? exception).Message}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--config {file.FullName} cannot be read: {exception.Message}");
        }
    }
}
