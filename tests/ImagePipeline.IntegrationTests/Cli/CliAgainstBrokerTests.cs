using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Submitter;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.IntegrationTests.Cli;

/// <summary>
/// What the real broker refuses, as <c>imagepipe submit</c> reports it: one line naming what to fix, exit code 3, and
/// nothing left in the blob store. MassTransit would retry both cases for ever.
/// </summary>
public sealed class CliAgainstBrokerTests : IAsyncLifetime
{
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    [Fact]
    public async Task Submit_WhenTheBrokerRefusesThePassword_SaysSoInOneLineWithinTenSeconds()
    {
        var settings = new Dictionary<string, string>(_pipeline.Environment) { ["IMAGEPIPE_RabbitMq__Password"] = "not-the-password" };

        var result = await CliProcess.RunAsync(settings, "submit", SampleImages.Files()[0], "--op", "invert");

        CliAssert.OneLineError(result, ExitCodes.InfrastructureUnavailable, "refused the login of user");
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(10), $"took {result.Elapsed}");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Submit_WhenProcessorsDeclaredQuorumQueuesOnAClassicVirtualHost_EndsWithThreeAndSaysWhatDisagrees()
    {
        // The test's virtual host has the broker's default queue type, classic; these processors ask for quorum queues.
        var processor = _pipeline.StartProcessor("quorum-processor", settings: new Dictionary<string, string> { ["IMAGEPIPE_RabbitMq__QueueType"] = "Quorum" });
        await WaitForQueuesAsync(processor, "job-state", "process-tile");

        var result = await CliProcess.RunAsync(_pipeline.Environment, "submit", SampleImages.Files()[0], "--op", "invert");

        var line = CliAssert.OneLineError(result, ExitCodes.InfrastructureUnavailable, $"in virtual host '{_pipeline.VirtualHost.Name}': it is a quorum queue there");
        Assert.Contains("and this command declares it without a type, which takes the virtual host's default", line, StringComparison.Ordinal);
        Assert.Contains("The processors' RabbitMq:QueueType and the virtual host's default queue type", line, StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Processor_WhenItsQueueTypeDisagreesWithTheQueuesThere_StopsWithOneLineAndTheSettingsExitCode()
    {
        var quorum = _pipeline.StartProcessor("quorum-processor", settings: new Dictionary<string, string> { ["IMAGEPIPE_RabbitMq__QueueType"] = "Quorum" });
        await WaitForQueuesAsync(quorum, "job-state", "process-tile");

        var classic = _pipeline.StartProcessor("classic-processor");
        var exitCode = await classic.WaitForExitAsync(TimeSpan.FromSeconds(60));

        // MassTransit's own log of the refused declarations comes too, as in the journal (on another stream, so the test
        // cannot rely on the order); the reason is one line of its own.
        Assert.True(exitCode == 78, $"exit code {exitCode}:\n{classic.Output}");
        var line = Assert.Single(classic.Output.Split('\n'), candidate => candidate.StartsWith("imagepipe-processor: cannot start: ", StringComparison.Ordinal));
        Assert.StartsWith("imagepipe-processor: cannot start: The broker refused queue", line, StringComparison.Ordinal);
        Assert.Contains("it is a quorum queue there, and this processor declares it", line, StringComparison.Ordinal);
        Assert.Contains("RabbitMq:QueueType", line, StringComparison.Ordinal);
    }

    async Task WaitForQueuesAsync(PipelineProcess processor, params string[] names)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!names.All((await _pipeline.VirtualHost.ListQueuesAsync()).Select(queue => queue.Name).Contains))
        {
            Assert.True(DateTime.UtcNow < deadline && !processor.HasExited, $"the processor did not declare {string.Join(", ", names)}:\n{processor.Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>A submit that never sent its first message removes what it stored: nothing else would.</summary>
    async Task AssertNothingStoredAsync() => Assert.Empty(await _pipeline.Blobs.ListKeysAsync("jobs/", CancellationToken.None).ToListAsync());

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();
}
