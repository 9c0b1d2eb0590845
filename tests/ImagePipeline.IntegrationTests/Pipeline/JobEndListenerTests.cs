using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Orchestration.Jobs;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.IntegrationTests.Pipeline;

/// <summary>
/// A waiting client hears its job end on RabbitMQ, on a queue of its own that does not outlive it, so its
/// wait ends then rather than at its next poll.
/// </summary>
public sealed class JobEndListenerTests : IAsyncLifetime
{
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    [Fact]
    public async Task Wait_HearsTheJobEnd_OnATemporaryQueueThatGoesWithTheClient()
    {
        _pipeline.StartProcessor("processor", concurrentTiles: 2);
        using var client = ClientHosts.Distributed(configFile: null, withBroker: true,
            builder => builder.Configuration.AddInMemoryCollection(_pipeline.ClientSettings));
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await client.StartAsync(deadline.Token);
        var services = client.Services;
        try
        {
            Assert.True(await services.GetRequiredService<JobEndListener>().EnsureListeningAsync().WaitAsync(deadline.Token));
            var listening = Assert.Single(await _pipeline.VirtualHost.ListQueuesAsync(), queue => queue.Name.Contains("job-ends"));
            Assert.False(listening.Durable);

            var manifest = await services.GetRequiredService<JobSubmitter>()
                .SubmitAsync(new JobRequest(SampleImages.Files().Take(2).ToArray(), "bilateral", 128), null, deadline.Token);
            var polls = new RecordingProgress();
            // Only the first poll comes by the interval; had the end not been heard, the deadline would cancel the wait.
            var progress = await services.GetRequiredService<JobWaiter>()
                .WaitAsync(manifest, TimeSpan.FromMinutes(10), polls, deadline.Token);

            Assert.Equal(2, progress.Done);
            Assert.False(polls.Reports[0].HasEnded, "the job must still be running at the first poll for this test to show anything");
        }
        finally
        {
            await client.StopAsync(CancellationToken.None);
        }

        Assert.DoesNotContain(await _pipeline.VirtualHost.ListQueuesAsync(), queue => queue.Name.Contains("job-ends"));
    }

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();
}
