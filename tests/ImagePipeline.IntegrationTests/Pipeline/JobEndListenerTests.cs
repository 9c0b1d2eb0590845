using ImagePipeline.Client.Progress;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Protocol;
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
            var listening = Assert.Single(await _pipeline.VirtualHost.ListQueuesAsync(), queue => queue.Name.StartsWith(QueueNames.JobEndsPrefix, StringComparison.Ordinal));
            Assert.False(listening.Durable);

            await HeardJobEnd.AssertWaitEndsWithTheJobAsync(services, deadline.Token);
        }
        finally
        {
            await client.StopAsync(CancellationToken.None);
        }

        Assert.DoesNotContain(await _pipeline.VirtualHost.ListQueuesAsync(), queue => queue.Name.StartsWith(QueueNames.JobEndsPrefix, StringComparison.Ordinal));
    }

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();
}
