using System.Diagnostics;
using Azure.Storage.Blobs.Models;
using ImagePipeline.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Faults;

/// <summary>
/// Faults injected into the running distributed system (processor processes, the RabbitMQ node and
/// Azurite that scripts/test.sh started): every job completes, outputs are exact and written once,
/// and the queues drain. Each test prints its recovery time for docs/RELIABILITY.md.
/// </summary>
public sealed class FaultInjectionTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(5);

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-faults-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync(scriptServices: true);

    [Fact]
    public async Task Submit_WhenProcessorsAreKilledEveryFewSeconds_JobCompletesWithIdenticalOutputs()
    {
        var inputs = WriteInputs(batch: 20, largeWidth: 2400, largeHeight: 1600);
        var processors = new List<PipelineProcess> { StartProcessor(0), StartProcessor(1) };
        var jobId = await _pipeline.SubmitAsync(inputs, "bilateral", tileSize: 256);

        var kills = 0;
        var random = new Random(42);
        var clock = Stopwatch.StartNew();
        // The first kills follow the job's progress (a quarter, then half of its tiles), so that however
        // fast this machine runs it, processors die mid-job more than once; then one every few seconds,
        // long enough for a restarted processor to start and take work before the next.
        var killAtFractions = new Queue<double>([0.25, 0.5]);
        var lastKill = TimeSpan.Zero;
        while (clock.Elapsed < JobTimeout)
        {
            var running = await _pipeline.WaitForJobAsync(jobId, JobTimeout, _ => true);
            if (running.HasEnded)
                break;
            var due = killAtFractions.TryPeek(out var fraction)
                ? running.TileCount > 0 && running.TilesDone >= fraction * running.TileCount
                : clock.Elapsed - lastKill >= TimeSpan.FromSeconds(4);
            if (!due)
            {
                await Task.Delay(100);
                continue;
            }

            killAtFractions.TryDequeue(out _);
            var victim = random.Next(processors.Count);
            processors[victim].KillHard();
            processors[victim] = StartProcessor(++kills + 1);
            lastKill = clock.Elapsed;
        }

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        output.WriteLine($"{kills} processors killed with SIGKILL; job ended {clock.Elapsed.TotalSeconds:0.0} s after submission");
        Assert.True(kills >= 2, $"only {kills} kills happened before the job ended: the test did not test much");
        await _pipeline.DownloadAndAssertAsync(jobId, progress, "bilateral", Path.Combine(_work, "out"));
    }

    [Fact]
    public async Task Submit_WhenTheBrokerRestartsMidJob_JobCompletesWithIdenticalOutputs()
    {
        var inputs = WriteInputs(batch: 10, largeWidth: 3000, largeHeight: 2000);
        StartProcessor(0);
        StartProcessor(1);
        var jobId = await _pipeline.SubmitAsync(inputs, "bilateral", tileSize: 256);
        var atFault = await _pipeline.WaitForJobAsync(jobId, JobTimeout, progress => progress.TilesDone >= 5);

        await LocalServices.StopRabbitMqAsync();
        var recovery = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await LocalServices.StartRabbitMqAsync();

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        output.WriteLine($"broker down for 3 s plus its restart; job ended {recovery.Elapsed.TotalSeconds:0.0} s after the broker stopped");
        Assert.False(atFault.HasEnded, "the broker must stop mid-job");
        await _pipeline.DownloadAndAssertAsync(jobId, progress, "bilateral", Path.Combine(_work, "out"));
    }

    [Fact]
    public async Task Submit_WhenTheBlobStoreIsDownForFifteenSeconds_JobCompletesWithIdenticalOutputs()
    {
        var inputs = WriteInputs(batch: 10, largeWidth: 3000, largeHeight: 2000);
        StartProcessor(0);
        StartProcessor(1);
        var jobId = await _pipeline.SubmitAsync(inputs, "bilateral", tileSize: 256);
        var atFault = await _pipeline.WaitForJobAsync(jobId, JobTimeout, progress => progress.TilesDone >= 5);

        await LocalServices.StopAzuriteAsync();
        var recovery = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(15));
        await LocalServices.StartAzuriteAsync();

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        output.WriteLine($"blob store down for 15 s; job ended {recovery.Elapsed.TotalSeconds:0.0} s after it stopped");
        Assert.False(atFault.HasEnded, "the blob store must stop mid-job");
        await _pipeline.DownloadAndAssertAsync(jobId, progress, "bilateral", Path.Combine(_work, "out"));
    }

    [Fact]
    public async Task Submit_WhenAProcessorHangsMidTile_ItsTilesAreDoneElsewhereAndItsLateWorkChangesNothing()
    {
        var inputs = WriteInputs(batch: 10, largeWidth: 3000, largeHeight: 2000);
        var hung = StartProcessor(0, concurrentTiles: 2);
        StartProcessor(1);
        var jobId = await _pipeline.SubmitAsync(inputs, "bilateral", tileSize: 256);
        var atFault = await _pipeline.WaitForJobAsync(jobId, JobTimeout, progress => progress.TilesDone >= 5);

        hung.Freeze();
        var recovery = Stopwatch.StartNew();
        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        output.WriteLine($"processor frozen (SIGSTOP); job ended {recovery.Elapsed.TotalSeconds:0.0} s later");
        Assert.False(atFault.HasEnded, "the processor must hang mid-job");

        // Let it wake up and finish whatever it was doing, late: outputs must not change or be written again.
        hung.Thaw();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await _pipeline.DownloadAndAssertAsync(jobId, progress, "bilateral", Path.Combine(_work, "out"));
        // Nor may its late tile leave a blob behind, not even an uncommitted one of staged blocks.
        var left = new List<string>();
        await foreach (var blob in _pipeline.Container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, $"jobs/{jobId:N}/work/", CancellationToken.None))
            left.Add(blob.Name);
        output.WriteLine($"blobs left under work/ after the thaw: {left.Count} ({string.Join(", ", left)})");
        Assert.Empty(left);
    }

    PipelineProcess StartProcessor(int number, int concurrentTiles = 1) =>
        // A short heartbeat so the broker notices a silent processor within seconds, not the production default.
        _pipeline.StartProcessor($"processor-{number}", concurrentTiles: concurrentTiles,
            settings: new Dictionary<string, string> { ["IMAGEPIPE_RabbitMq__HeartbeatSeconds"] = "2" });

    string WriteInputs(int batch, int largeWidth, int largeHeight)
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, batch);
        TestImages.WriteLarge(inputs, largeWidth, largeHeight);
        return inputs;
    }

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
