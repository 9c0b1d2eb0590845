using Azure.Storage.Blobs.Models;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Protocol.Layout;

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
        await _pipeline.AssertEachOutputWrittenOnceAsync(21);
        await _pipeline.AssertQueuesDrainedAsync();
    }

    [Fact]
    public async Task Submit_WhenAProcessorIsKilledMidJob_JobCompletesWithIdenticalOutputs()
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 6);
        TestImages.WriteLarge(inputs, 3000, 2000);
        var doomed = _pipeline.StartProcessor("processor-doomed", concurrentTiles: 2);
        _pipeline.StartProcessor("processor-survivor");

        var jobId = await _pipeline.SubmitAsync(inputs, "bilateral", tileSize: 256);
        var atKill = await _pipeline.WaitForJobAsync(jobId, JobTimeout, progress => progress.TilesDone >= 5);
        doomed.KillHard();
        Assert.False(atKill.HasEnded, "the processor must die mid-job");

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        await _pipeline.DownloadAndAssertAsync(jobId, progress, "bilateral", Path.Combine(_work, "out"));
    }

    [Fact]
    public async Task Submit_WhenTheSagaHostIsKilledMidJob_JobCompletesAfterItRestarts()
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 6);
        TestImages.WriteLarge(inputs, 3000, 2000);
        _pipeline.StartProcessor("worker", hostSagas: false, concurrentTiles: 2);
        var sagaHost = _pipeline.StartProcessor("saga-host", processTiles: false);

        var jobId = await _pipeline.SubmitAsync(inputs, "median", tileSize: 256);
        var atKill = await _pipeline.WaitForJobAsync(jobId, JobTimeout, progress => progress.TilesDone >= 5);
        sagaHost.KillHard();
        Assert.False(atKill.HasEnded, "the saga host must die mid-job");
        await Task.Delay(TimeSpan.FromSeconds(2));
        _pipeline.StartProcessor("saga-host-restarted", processTiles: false);

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        await _pipeline.DownloadAndAssertAsync(jobId, progress, "median", Path.Combine(_work, "out"));
    }

    [Fact]
    public async Task Submit_WhenChainHasGlobalSteps_ItsPassesRunOnTwoProcessorsAndSurviveAKill()
    {
        // Two global steps: tiles gather a histogram, then edge pieces, then produce the output.
        const string Chain = "gaussian|contrast_stretching|canny:low=40,high=120";
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 4);
        TestImages.WriteLarge(inputs, 3000, 2000);
        var doomed = _pipeline.StartProcessor("processor-doomed", concurrentTiles: 2);
        _pipeline.StartProcessor("processor-survivor");

        var jobId = await _pipeline.SubmitAsync(inputs, Chain, tileSize: 256);
        // 96 tiles a pass: killed during the second pass.
        var atKill = await _pipeline.WaitForJobAsync(jobId, JobTimeout, progress => progress.TilesDone >= 110);
        doomed.KillHard();
        Assert.False(atKill.HasEnded, "the processor must die mid-job");

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        Assert.Equal(96 * 3, progress.Images.Single(image => image.SourceName.EndsWith("large.png")).TileCount);
        await _pipeline.DownloadAndAssertAsync(jobId, progress, Chain, Path.Combine(_work, "out"));
        await foreach (var blob in _pipeline.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "jobs/", CancellationToken.None))
            Assert.DoesNotContain("/passes/", blob.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_MidJob_LeavesNoIntermediateBlobsBehind()
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 2);
        // Enough work to outlast the cancel command's start: small tiles travel in runs, so a 3000 x 2000 image
        // with plain bilateral could finish first. 432 tiles of 256 px, about 90 commands, three times the work per pixel.
        TestImages.WriteLarge(inputs, 6000, 4500);
        _pipeline.StartProcessor("processor-1", concurrentTiles: 1);

        var jobId = await _pipeline.SubmitAsync(inputs, "bilateral:d=15", tileSize: 256);
        await _pipeline.WaitForJobAsync(jobId, JobTimeout, progress => progress.TilesDone >= 5);
        var (exitCode, log) = await _pipeline.RunCliAsync(JobTimeout, "cancel", jobId.ToString());
        Assert.True(exitCode == 0, log);

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        var large = progress.Images.Single(image => image.SourceName.EndsWith("large.png"));
        Assert.True(large.TileCount > 5 && large.FailureReason == JobCancellation.Reason, $"{large.Outcome}: {large.FailureReason}");
        // Each image's removal follows its failure. Result tiles staged as blocks of a never-committed blob
        // are listed only with the uncommitted ones.
        var left = await IntermediatesOfAsync(jobId);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); left.Count > 0 && DateTime.UtcNow < deadline; left = await IntermediatesOfAsync(jobId))
            await Task.Delay(200);
        Assert.Empty(left);
        await _pipeline.AssertQueuesDrainedAsync();
    }

    async Task<List<string>> IntermediatesOfAsync(Guid jobId)
    {
        var names = new List<string>();
        await foreach (var blob in _pipeline.Container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, StoreLayout.Job(jobId), CancellationToken.None))
            if (StoreLayout.IsIntermediate(blob.Name))
                names.Add(blob.Name);
        return names;
    }

    [Fact]
    public async Task SubmitWait_WhenTheSameBatchComesAgain_ItIsServedFromTheKeptOutputs()
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 8);
        TestImages.WriteLarge(inputs, 2400, 1600);
        _pipeline.StartProcessor("processor-1");

        var fresh = System.Diagnostics.Stopwatch.StartNew();
        var (firstExit, firstLog) = await _pipeline.RunCliAsync(JobTimeout, "submit", inputs, "--op", "bilateral", "--tile-size", "512", "--wait",
            "--out", Path.Combine(_work, "first"));
        fresh.Stop();
        var repeated = System.Diagnostics.Stopwatch.StartNew();
        var (secondExit, secondLog) = await _pipeline.RunCliAsync(JobTimeout, "submit", inputs, "--op", "bilateral", "--tile-size", "512", "--wait",
            "--out", Path.Combine(_work, "second"));
        repeated.Stop();
        Console.WriteLine($"fresh batch {fresh.Elapsed.TotalSeconds:F1} s, repeated batch {repeated.Elapsed.TotalSeconds:F1} s (each including the CLI's start-up)");

        Assert.True(firstExit == 0, firstLog);
        Assert.True(secondExit == 0, secondLog);
        var second = await _pipeline.WaitForJobAsync(Guid.Parse(secondLog.Split('\n')[0].Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal(9, second.Done);
        // Served from the kept outputs: no tile was queued for the second job.
        Assert.All(second.Images, image => Assert.Equal(0, image.TileCount));
        foreach (var file in Directory.GetFiles(Path.Combine(_work, "first")))
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(_work, "second", Path.GetFileName(file))));
        OutputAssert.MatchInProcessResult(second, Path.Combine(_work, "second"), "bilateral");
        // The first job's outputs and the second's copies of the kept ones: each written once.
        await _pipeline.AssertEachOutputWrittenOnceAsync(18);
        await _pipeline.AssertQueuesDrainedAsync();
    }

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
