using ImagePipeline.IntegrationTests.Infrastructure;

namespace ImagePipeline.IntegrationTests.Pipeline;

/// <summary>
/// A saga host looks at the broker's queues every few seconds for stalled jobs, on one connection it keeps: a new
/// connection each look cost the host and the broker more than the look, and filled the broker's log.
/// </summary>
public sealed class StalledJobCheckTests : IAsyncLifetime
{
    const string CheckConnection = "imagepipe stalled-job check";

    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    [Fact]
    public async Task SagaHost_LooksForStalledJobsOnOneConnectionItKeeps()
    {
        var processor = _pipeline.StartProcessor("processor");

        // Looks every 5 s: over 20 s, one connection is seen throughout, never none (closed between looks) or two.
        var seen = new List<int>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (seen.Count < 20)
        {
            Assert.True(DateTime.UtcNow < deadline && !processor.HasExited, $"took too long; seen {string.Join(",", seen)}:\n{processor.Output}");
            var count = (await _pipeline.VirtualHost.ListConnectionNamesAsync()).Count(name => name == CheckConnection);
            if (count > 0 || seen.Count > 0)
                seen.Add(count);
            await Task.Delay(1000);
        }

        Assert.All(seen, count => Assert.Equal(1, count));
    }

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();
}
