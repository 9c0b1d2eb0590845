using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Fairness;

/// <summary>
/// Jobs sharing a distributed fleet on the real broker: an interactive job goes ahead of a batch already queued,
/// and a second batch does not wait for the first. The processor prefetches well beyond what it runs at once,
/// so the tests also show that prefetched batch tiles do not stand in the way.
/// </summary>
public sealed class DistributedFairnessTests(ITestOutputHelper log) : IAsyncLifetime
{
    const int LargeBatch = 50;

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-fair-it-").FullName;
    DistributedPipeline _pipeline = null!;
    IHost _client = null!;

    public async Task InitializeAsync()
    {
        _pipeline = await DistributedPipeline.StartAsync();
        _pipeline.StartProcessor("processor", concurrentTiles: 1,
            settings: new Dictionary<string, string> { ["IMAGEPIPE_Processing__PrefetchCount"] = "16" });
        _client = ClientHosts.Distributed(configFile: null, withBroker: true,
            builder => builder.Configuration.AddInMemoryCollection(_pipeline.ClientSettings));
        await _client.StartAsync();
    }

    [Fact]
    public async Task InteractiveJob_SubmittedBehindAQueuedBatch_EndsWhileMostOfTheBatchWaits()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(6));

        var alone = await FairnessScenarios.InteractiveAloneAsync(_client.Services, _work, deadline.Token);
        var behind = await FairnessScenarios.InteractiveBehindBatchAsync(_client.Services, _work, LargeBatch, deadline.Token);

        log.WriteLine($"one-image interactive job: alone {alone.TotalSeconds:F2} s, behind a {LargeBatch}-image batch {behind.Latency.TotalSeconds:F2} s " +
                      $"(batch {behind.BatchWhenItEnded.Done}/{LargeBatch} done then)");
        Assert.True(behind.BatchWhenItEnded.Done <= LargeBatch * 2 / 3,
            $"the interactive job ended only once {behind.BatchWhenItEnded.Done} of {LargeBatch} batch images were done");
        await _pipeline.AssertQueuesDrainedAsync();
    }

    [Fact]
    public async Task SecondBatch_SubmittedWhileTheFirstRuns_EndsBeforeIt_AndBothProgress()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(6));

        var run = await FairnessScenarios.SecondBatchWhileFirstRunsAsync(_client.Services, _work, LargeBatch, 16, deadline.Token);

        log.WriteLine($"second batch of 16: {run.SecondDuration.TotalSeconds:F2} s; first batch did {run.FirstDoneWhileBothRan} images meanwhile " +
                      $"({run.First.Done}/{LargeBatch} done when the second ended)");
        Assert.True(run.First.Done < LargeBatch - 10, $"the second batch ended only once {run.First.Done} of {LargeBatch} first-batch images were done");
        Assert.True(run.FirstDoneWhileBothRan >= 16 / 3, $"the first batch did {run.FirstDoneWhileBothRan} images while the second ran");
        await _pipeline.AssertQueuesDrainedAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.StopAsync(CancellationToken.None);
        _client.Dispose();
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
