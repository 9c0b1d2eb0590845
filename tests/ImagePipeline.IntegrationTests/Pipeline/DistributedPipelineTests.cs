using Azure.Storage.Blobs.Models;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Orchestration.Hosting;

namespace ImagePipeline.IntegrationTests.Pipeline;

/// <summary>
/// The whole distributed path on real RabbitMQ and Azurite: the <c>imagepipe</c> CLI and
/// ProcessorService processes, each a separate OS process.
/// </summary>
public sealed class DistributedPipelineTests : IAsyncLifetime
{
    static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(4);

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-it-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    [Fact]
    public async Task SubmitWait_WithTwoProcessors_BatchAndLargeImageEqualInProcessResult()
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 20);
        TestImages.WriteLarge(inputs, 4000, 3000);
        _pipeline.StartProcessor("processor-1");
        _pipeline.StartProcessor("processor-2");
        var output = Path.Combine(_work, "out");

        var (exitCode, log) = await _pipeline.RunCliAsync(JobTimeout, "submit", inputs, "--op", "gaussian", "--tile-size", "1024", "--wait", "--out", output);

        Assert.True(exitCode == 0, log);
        var jobId = Guid.Parse(log.Split('\n')[0].Trim());
        var progress = await _pipeline.WaitForJobAsync(jobId, TimeSpan.FromSeconds(10));
        Assert.Equal(21, progress.ImageCount);
        Assert.True(progress.Images.Single(image => image.SourceName.EndsWith("large.png")).TileCount >= 8);
        OutputAssert.MatchInProcessResult(progress, output, "gaussian");
        await AssertEachOutputWrittenOnceAsync(21);
        await AssertQueuesDrainedAsync();
    }

    [Fact]
    public async Task Submit_WhenAProcessorIsKilledMidJob_JobCompletesWithIdenticalOutputs()
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 6);
        TestImages.WriteLarge(inputs, 3000, 2000);
        var doomed = _pipeline.StartProcessor("processor-doomed", concurrentTiles: 2);
        _pipeline.StartProcessor("processor-survivor");

        var jobId = await SubmitAsync(inputs, "bilateral", tileSize: 256);
        var atKill = await _pipeline.WaitForJobAsync(jobId, JobTimeout, progress => progress.TilesDone >= 5);
        doomed.KillHard();
        Assert.False(atKill.HasEnded, "the processor must die mid-job");

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        await DownloadAndAssertAsync(jobId, progress, "bilateral");
    }

    [Fact]
    public async Task Submit_WhenTheSagaHostIsKilledMidJob_JobCompletesAfterItRestarts()
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 6);
        TestImages.WriteLarge(inputs, 3000, 2000);
        _pipeline.StartProcessor("worker", hostSagas: false, concurrentTiles: 2);
        var sagaHost = _pipeline.StartProcessor("saga-host", processTiles: false);

        var jobId = await SubmitAsync(inputs, "median", tileSize: 256);
        var atKill = await _pipeline.WaitForJobAsync(jobId, JobTimeout, progress => progress.TilesDone >= 5);
        sagaHost.KillHard();
        Assert.False(atKill.HasEnded, "the saga host must die mid-job");
        await Task.Delay(TimeSpan.FromSeconds(2));
        _pipeline.StartProcessor("saga-host-restarted", processTiles: false);

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        await DownloadAndAssertAsync(jobId, progress, "median");
    }

    async Task<Guid> SubmitAsync(string inputs, string operation, int tileSize)
    {
        var (exitCode, log) = await _pipeline.RunCliAsync(JobTimeout, "submit", inputs, "--op", operation, "--tile-size", tileSize.ToString());
        Assert.True(exitCode == 0, log);
        return Guid.Parse(log.Trim());
    }

    async Task DownloadAndAssertAsync(Guid jobId, Orchestration.Jobs.JobProgress progress, string operation)
    {
        var output = Path.Combine(_work, "out");
        var (exitCode, log) = await _pipeline.RunCliAsync(TimeSpan.FromMinutes(1), "download", jobId.ToString(), "--out", output);
        Assert.True(exitCode == 0, log);
        OutputAssert.MatchInProcessResult(progress, output, operation);
        await AssertEachOutputWrittenOnceAsync(progress.ImageCount);
        await AssertQueuesDrainedAsync();
    }

    /// <summary>Outputs are created write-once; a second write would have failed, and would show as a later modification.</summary>
    async Task AssertEachOutputWrittenOnceAsync(int expected)
    {
        var outputs = 0;
        await foreach (var blob in _pipeline.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "jobs/", CancellationToken.None))
        {
            if (!blob.Name.Contains("/outputs/"))
                continue;
            outputs++;
            Assert.Equal(blob.Properties.CreatedOn, blob.Properties.LastModified);
        }

        Assert.Equal(expected, outputs);
    }

    async Task AssertQueuesDrainedAsync()
    {
        // Completion events may still be in flight for a moment after the last image ended.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string[] queues = [QueueNames.ProcessTile, QueueNames.AssembleImage, QueueNames.ImageState, QueueNames.JobState];
        while (true)
        {
            var counts = new Dictionary<string, int>();
            foreach (var queue in queues)
                counts[queue] = await _pipeline.VirtualHost.CountMessagesAsync(queue, mayBeMissing: false);
            // Error queues appear only once something has faulted.
            foreach (var queue in queues.Select(q => q + "_error"))
                counts[queue] = await _pipeline.VirtualHost.CountMessagesAsync(queue, mayBeMissing: true);
            if (counts.Values.All(count => count == 0))
                return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail("Queues not drained: " + string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Key}={c.Value}")));
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
