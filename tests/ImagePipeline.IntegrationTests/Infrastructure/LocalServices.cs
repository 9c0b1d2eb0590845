using System.Diagnostics;
using ImagePipeline.UnitTests.TestData;

namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>
/// Stops and restarts the RabbitMQ node and Azurite that scripts/test.sh started, through the same
/// scripts and data folders, so they come back on the same ports with their durable data.
/// </summary>
public static class LocalServices
{
    public static Task StopRabbitMqAsync() => RunScriptAsync("deploy/rabbitmq/stop-local.sh", DataDir("IMAGEPIPE_TEST_RABBITMQ_DATA_DIR"));

    public static Task StartRabbitMqAsync() => RunScriptAsync("deploy/rabbitmq/start-local.sh", DataDir("IMAGEPIPE_TEST_RABBITMQ_DATA_DIR"));

    public static Task StopAzuriteAsync() => RunScriptAsync("scripts/stop-azurite.sh", DataDir("IMAGEPIPE_TEST_AZURITE_DATA_DIR"));

    /// <summary>SIGKILL of the Azurite started for the folder (its recorded PID only): writes it acknowledged in its last seconds are lost.</summary>
    public static Task KillAzuriteAsync() => RunScriptAsync("scripts/stop-azurite.sh", DataDir("IMAGEPIPE_TEST_AZURITE_DATA_DIR"), "--kill");

    public static Task StartAzuriteAsync() => RunScriptAsync("scripts/start-azurite.sh", DataDir("IMAGEPIPE_TEST_AZURITE_DATA_DIR"));

    static string DataDir(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: fault-injection tests need the services started by scripts/test.sh.");

    static async Task RunScriptAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, script));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {await output}{await error}");
    }
}
