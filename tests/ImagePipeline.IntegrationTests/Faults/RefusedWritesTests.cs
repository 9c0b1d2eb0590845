using System.Diagnostics;
using ImagePipeline.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Faults;

/// <summary>
/// A blob store that refuses every write with HTTP 500 for two minutes, as Azurite does on a full disk, mid-job: the
/// processors say what is unavailable, in words, within the first minute and every minute after; work that gave up
/// meanwhile is parked; and the job ends exact once writes are taken again, with no resubmit and no <c>imagepipe retry</c>.
/// </summary>
public sealed class RefusedWritesTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly TimeSpan Outage = TimeSpan.FromMinutes(2);
    static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(10);
    const string Unavailable = "the blob store unavailable for ";
    const string Reason = "the blob store refused the write (HTTP 500; is its disk full?)";

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-refused-").FullName;
    DistributedPipeline _pipeline = null!;
    BlobStoreProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _pipeline = await DistributedPipeline.StartAsync();
        _proxy = await BlobStoreProxy.StartAsync(TestEnvironment.BlobConnectionString);
    }

    [Fact]
    public async Task Job_WhenTheStoreRefusesWritesForTwoMinutes_IsLoggedEveryMinuteAndEndsExactOnceItTakesThemAgain()
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 4);
        TestImages.WriteLarge(inputs, 4000, 3000);
        // Processors and the saga host reach the store through the proxy; the test's own checks and the CLI reach Azurite.
        var proxied = new Dictionary<string, string>
        {
            ["IMAGEPIPE_Storage__ConnectionString"] = _proxy.ConnectionString,
            // Parked work is put back after 15 s of empty queues rather than the default 5 min.
            ["IMAGEPIPE_Processing__StalledJobSeconds"] = "15",
        };
        var sagas = _pipeline.StartProcessor("sagas", processTiles: false, settings: proxied);
        // Tiles give up within the outage (three attempts, each through the storage client's own retries, about 25 s)
        // and are parked; one held at a time, so they give up one after another. The saga host keeps its default retries.
        var tiles = _pipeline.StartProcessor("tiles", hostSagas: false, settings: new Dictionary<string, string>(proxied)
        {
            ["IMAGEPIPE_Processing__RetryDelaysMs__0"] = "100",
            ["IMAGEPIPE_Processing__RetryDelaysMs__1"] = "200",
            ["IMAGEPIPE_Processing__PrefetchCount"] = "1",
        });
        var jobId = await _pipeline.SubmitAsync(inputs, "bilateral", tileSize: 256);
        await _pipeline.WaitForJobAsync(jobId, JobTimeout, progress => progress.TilesDone >= 3);

        _proxy.RefuseWrites = true;
        var outage = Stopwatch.StartNew();
        TimeSpan? firstLine = null;
        try
        {
            Assert.False((await _pipeline.WaitForJobAsync(jobId, JobTimeout, _ => true)).HasEnded, "the job ended before writes were refused: the test tests nothing");
            while (outage.Elapsed < Outage)
            {
                if (firstLine is null && Lines(tiles, sagas).Any(line => line.Contains(Reason, StringComparison.Ordinal)))
                    firstLine = outage.Elapsed;
                await Task.Delay(500);
            }
        }
        finally
        {
            _proxy.RefuseWrites = false;
        }

        output.WriteLine($"writes refused for {outage.Elapsed.TotalSeconds:0.0} s ({_proxy.RefusedWrites} refused); first log line after {firstLine?.TotalSeconds:0.0} s");
        Assert.True(_proxy.RefusedWrites > 0, "no write reached the proxy during the outage");
        Assert.True(firstLine < TimeSpan.FromMinutes(1), $"no line named the unavailable store within the first minute:\n{tiles.Output}\n{sagas.Output}");
        // At the threshold and once a minute after: two lines in two minutes, from each process that met the outage.
        Assert.Contains(new[] { tiles, sagas }, process => process.CountLines(Unavailable) >= 2);

        var recovery = Stopwatch.StartNew();
        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        output.WriteLine($"job ended {recovery.Elapsed.TotalSeconds:0.0} s after writes were taken again: {progress.Done} done, {progress.Failed} failed");
        foreach (var line in Lines(tiles, sagas))
            output.WriteLine(line);
        Assert.Equal(0, progress.Failed);
        Assert.True(sagas.CountLines("parked while a dependency was unavailable were put back") > 0, "no parked work was put back: the test did not test the replay");
        await _pipeline.DownloadAndAssertAsync(jobId, progress, "bilateral", Path.Combine(_work, "out"));
        Assert.Contains(new[] { tiles, sagas }, process => process.CountLines("the blob store back after ") >= 1);
        foreach (var process in new[] { tiles, sagas })
            Assert.DoesNotContain("Status: 500 (Internal Server Error)", process.Output, StringComparison.Ordinal);
    }

    static IEnumerable<string> Lines(params PipelineProcess[] processes) =>
        processes.SelectMany(process => process.Output.Split('\n')
            .Where(line => line.Contains(Unavailable, StringComparison.Ordinal) || line.Contains(" back after ", StringComparison.Ordinal)
                || line.Contains("stopped moving", StringComparison.Ordinal))
            .Select(line => $"{process.Name}: {line.Trim()}"));

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        await _proxy.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
