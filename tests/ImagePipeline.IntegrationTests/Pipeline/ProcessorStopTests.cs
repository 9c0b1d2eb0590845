using ImagePipeline.IntegrationTests.Infrastructure;

namespace ImagePipeline.IntegrationTests.Pipeline;

/// <summary>
/// A processor asked to stop (systemd's SIGTERM, Ctrl+C's SIGINT) stops cleanly: exit code 0 and no stack trace, so
/// its unit does not count a failure and its journal does not show a crash.
/// </summary>
public sealed class ProcessorStopTests : IAsyncLifetime
{
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Processor_AskedToStop_ExitsWithZeroAndNoStackTrace(string signal)
    {
        var processor = _pipeline.StartProcessor("processor");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!processor.Output.Contains("Application started", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline && !processor.HasExited, $"the processor did not start:\n{processor.Output}");
            await Task.Delay(200);
        }

        if (signal == "TERM")
            processor.Terminate();
        else
            processor.Interrupt();
        var exitCode = await processor.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{processor.Output}");
        Assert.DoesNotContain("Unhandled exception", processor.Output, StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();
}
