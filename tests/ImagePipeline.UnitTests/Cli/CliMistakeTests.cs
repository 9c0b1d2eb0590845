using System.Net;
using System.Net.Sockets;
using ImagePipeline.Submitter;
using ImagePipeline.UnitTests.Storage;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.UnitTests.Cli;

/// <summary>
/// The mistakes people make at the command line, each run as they would run it (the built <c>imagepipe</c>, output
/// into a pipe): one line on standard error, the exit code the help documents, no stack trace, nothing done.
/// </summary>
public sealed class CliMistakeTests : IDisposable
{
    static readonly TimeSpan PersonWaits = TimeSpan.FromSeconds(10);

    readonly TemporaryFolder _work = new();

    string Sample => SampleImages.Files()[0];

    [Fact]
    public async Task Run_WhenOutNamesAFile_SaysSoAndExitsWithUsageError()
    {
        var file = Path.Combine(_work.Path, "existing.png");
        await File.WriteAllTextAsync(file, "not a folder");

        var result = await CliProcess.RunAsync(null, "run", Sample, "--op", "invert", "--out", file);

        CliAssert.OneLineError(result, ExitCodes.UsageError, $"--out {file} is a file");
    }

    [Fact]
    public async Task Submit_WhenOutNamesAFile_SubmitsNothingAndExitsWithUsageError()
    {
        var file = Path.Combine(_work.Path, "existing");
        await File.WriteAllTextAsync(file, "not a folder");
        var store = Path.Combine(_work.Path, "store");

        var result = await CliProcess.RunAsync(Settings(store, brokerPort: ClosedPort()), "submit", Sample, "--op", "invert", "--out", file);

        CliAssert.OneLineError(result, ExitCodes.UsageError, $"--out {file} is a file");
        Assert.False(Directory.Exists(store), "nothing may be stored for a submit refused at its arguments");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-5")]
    public async Task Run_WhenQualityIsOutsideOneToHundred_ExitsWithUsageError(string quality)
    {
        var result = await CliProcess.RunAsync(null, "run", Sample, "--op", "invert", "--format", "jpg", "--quality", quality,
            "--out", Path.Combine(_work.Path, "out"));

        CliAssert.OneLineError(result, ExitCodes.UsageError, $"--quality must be between 1 and 100, got {quality}");
    }

    [Fact]
    public async Task AnyCommand_WhenConfigIsMalformedJson_SaysWhereAndExitsWithUsageError()
    {
        var config = Path.Combine(_work.Path, "settings.json");
        await File.WriteAllTextAsync(config, "{ \"RabbitMq\": { Host: 1 } }");

        var result = await CliProcess.RunAsync(null, "jobs", "--config", config);

        var line = CliAssert.OneLineError(result, ExitCodes.UsageError, $"--config {config} is not valid JSON");
        Assert.Contains("'H' is an invalid start of a property name. Expected a '\"' (line 1, byte 17).", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_WhenConfigIsMissing_ExitsWithUsageError()
    {
        var config = Path.Combine(_work.Path, "missing.json");

        var result = await CliProcess.RunAsync(null, "status", Guid.NewGuid().ToString(), "--config", config);

        CliAssert.OneLineError(result, ExitCodes.UsageError, $"--config {config}: no such file");
    }

    [Fact]
    public async Task Submit_WhenSettingsAreMissing_NamesThemAndExitsWithThree()
    {
        var result = await CliProcess.RunAsync(null, "submit", Sample, "--op", "invert");

        CliAssert.OneLineError(result, ExitCodes.InfrastructureUnavailable, "Settings missing or invalid: Storage:Provider is required");
    }

    [Fact]
    public async Task ServeDistributed_WhenSettingsAreMissing_NamesThemAndExitsWithThree()
    {
        var result = await CliProcess.RunAsync(null, "serve", "--distributed", "--urls", "http://127.0.0.1:0", "--work", Path.Combine(_work.Path, "web"));

        CliAssert.OneLineError(result, ExitCodes.InfrastructureUnavailable, "Settings missing or invalid: Storage:Provider is required");
    }

    [Fact]
    public async Task ServeDistributed_WhenTheBrokerRefusesConnections_SaysSoWithinTenSeconds()
    {
        var port = ClosedPort();

        var result = await CliProcess.RunAsync(Settings(Path.Combine(_work.Path, "store"), port),
            "serve", "--distributed", "--urls", "http://127.0.0.1:0", "--work", Path.Combine(_work.Path, "web"));

        CliAssert.OneLineError(result, ExitCodes.InfrastructureUnavailable, $"Nothing accepts connections at 127.0.0.1:{port} (connection refused)");
        Assert.True(result.Elapsed < PersonWaits, $"took {result.Elapsed}");
    }

    [Fact]
    public async Task Submit_WhenTheBrokerRefusesConnections_SaysSoWithinTenSeconds()
    {
        var port = ClosedPort();

        var result = await CliProcess.RunAsync(Settings(Path.Combine(_work.Path, "store"), port), "submit", Sample, "--op", "invert");

        CliAssert.OneLineError(result, ExitCodes.InfrastructureUnavailable, $"Nothing accepts connections at 127.0.0.1:{port} (connection refused)");
        Assert.True(result.Elapsed < PersonWaits, $"took {result.Elapsed}");
    }

    [Fact]
    public async Task Submit_WhenTheBrokerPortNeverAnswers_SaysSoWithinTenSeconds()
    {
        // Accepts connections (the kernel completes them) and never says a word: another service, a proxy, a wrong port.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var settings = Settings(Path.Combine(_work.Path, "store"), ((IPEndPoint)silent.LocalEndpoint).Port);
        settings["IMAGEPIPE_RabbitMq__ConnectTimeoutSeconds"] = "2";

        var result = await CliProcess.RunAsync(settings, "submit", Sample, "--op", "invert");

        CliAssert.OneLineError(result, ExitCodes.InfrastructureUnavailable, "did not answer within 4 s");
        Assert.True(result.Elapsed < PersonWaits, $"took {result.Elapsed}");
    }

    [Theory]
    [InlineData("jobs")]
    [InlineData("status")]
    [InlineData("download")]
    [InlineData("cancel")]
    public async Task QueryCommands_WhenTheBlobStoreRefusesConnections_SayItWithinTenSeconds(string command)
    {
        var port = ClosedPort();
        string[] arguments = command switch
        {
            "jobs" => ["jobs"],
            "download" => ["download", Guid.NewGuid().ToString(), "--out", Path.Combine(_work.Path, "out")],
            _ => [command, Guid.NewGuid().ToString()],
        };

        var result = await CliProcess.RunAsync(AzuriteAccount.Settings($"http://127.0.0.1:{port}"), arguments);

        CliAssert.OneLineError(result, ExitCodes.InfrastructureUnavailable, $"The blob store cannot be used: 127.0.0.1:{port} cannot be reached");
        Assert.True(result.Elapsed < PersonWaits, $"took {result.Elapsed}");
    }

    [Fact]
    public async Task Jobs_WhenTheBlobStoreNeverAnswers_SaysSoAfterItsFirstAnswerTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();

        var result = await CliProcess.RunAsync(AzuriteAccount.Settings($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"), "jobs");

        CliAssert.OneLineError(result, ExitCodes.InfrastructureUnavailable, "did not answer within 8 s");
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(15), $"took {result.Elapsed}");
    }

    [Fact]
    public async Task Processor_WhenStartedWithoutSettings_NamesThemAllInOneLineAndExitsWithSeventyEight()
    {
        var result = await CliProcess.RunAsync(BuiltProgram.ProcessorService, null, _work.Path, TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 78, result.ToString());
        Assert.True(result.Output.Length == 0 && result.ErrorLines.Count == 1, result.ToString());
        Assert.StartsWith("imagepipe-processor: cannot start: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider is required", result.Error, StringComparison.Ordinal);
        Assert.Contains("RabbitMq:Username is required (IMAGEPIPE_RabbitMq__Username)", result.Error, StringComparison.Ordinal);
        Assert.Contains("RabbitMq:Password is required (IMAGEPIPE_RabbitMq__Password)", result.Error, StringComparison.Ordinal);
    }

    static Dictionary<string, string> Settings(string store, int brokerPort) => new()
    {
        ["IMAGEPIPE_RabbitMq__Host"] = "127.0.0.1",
        ["IMAGEPIPE_RabbitMq__Port"] = brokerPort.ToString(),
        ["IMAGEPIPE_RabbitMq__Username"] = "guest",
        ["IMAGEPIPE_RabbitMq__Password"] = "guest",
        ["IMAGEPIPE_Storage__Provider"] = "FileSystem",
        ["IMAGEPIPE_Storage__RootPath"] = store,
    };

    /// <summary>A local port that was free a moment ago, so a connection to it is refused.</summary>
    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _work.Dispose();
}
