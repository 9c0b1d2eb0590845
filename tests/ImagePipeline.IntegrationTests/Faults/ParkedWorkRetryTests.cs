using System.Diagnostics;
using ImagePipeline.Contracts;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Protocol;
using ImagePipeline.Submitter;
using ImagePipeline.UnitTests.Support;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Faults;

/// <summary>
/// Work that exhausted its retries while the blob store was down is parked, not failed: the image waits, status says on
/// what, and <c>imagepipe retry</c> replays it once the store is back, against the real broker and Azurite.
/// </summary>
public sealed class ParkedWorkRetryTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(5);

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-parked-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync(scriptServices: true);

    [Fact]
    public async Task Retry_WhenTilesGaveUpWhileTheBlobStoreWasDown_ReplaysThemAndTheJobCompletesExact()
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 4);
        TestImages.WriteLarge(inputs, 4000, 3000);
        // Tiles give up after a few attempts, each waiting out the storage client's own retries (about 75 s in all);
        // the saga host retries for longer than the whole outage, so its events wait for the store rather than park,
        // and it records what the image waits on.
        _pipeline.StartProcessor("sagas", processTiles: false, settings: Enumerable.Range(0, 12)
            .ToDictionary(index => $"IMAGEPIPE_Processing__RetryDelaysMs__{index}", index => index < 2 ? "1000" : "10000"));
        // One tile held at a time: with two, their retries take turns, and each attempt waits out the storage client's own
        // retries (about 25 s against a refused connection), so parking would take twice as long.
        var tiles = _pipeline.StartProcessor("tiles", hostSagas: false, settings: new Dictionary<string, string>
        {
            ["IMAGEPIPE_Processing__RetryDelaysMs__0"] = "100",
            ["IMAGEPIPE_Processing__RetryDelaysMs__1"] = "200",
            ["IMAGEPIPE_Processing__PrefetchCount"] = "1",
        });
        var jobId = await _pipeline.SubmitAsync(inputs, "bilateral", tileSize: 256);
        await _pipeline.WaitForJobAsync(jobId, JobTimeout, progress => progress.TilesDone >= 5);
        // Held still while the store goes down, so a fast machine cannot finish the job before the outage.
        tiles.Freeze();
        var beforeOutage = await _pipeline.WaitForJobAsync(jobId, JobTimeout, _ => true);
        Assert.False(beforeOutage.HasEnded, "the job ended before the blob store went down: the test tests nothing");

        var lane = QueueNames.ProcessTileLane(jobId, JobPriority.Batch);
        await LocalServices.StopAzuriteAsync();
        var outage = Stopwatch.StartNew();
        try
        {
            tiles.Thaw();
            await Poll.UntilAsync(async () => await _pipeline.VirtualHost.CountMessagesAsync(lane + "_error", mayBeMissing: true) > 0,
                TimeSpan.FromMinutes(3), $"no tile was parked in {lane}_error while the blob store was down");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        finally
        {
            // Back whatever happened: the tests after this one share the store.
            await LocalServices.StartAzuriteAsync();
        }

        output.WriteLine($"blob store down for {outage.Elapsed.TotalSeconds:0.0} s");

        CliResult status = null!;
        try
        {
            await Poll.UntilAsync(async () => (status = await Cli("status", jobId.ToString())).Output.Contains("waiting: ", StringComparison.Ordinal),
                TimeSpan.FromMinutes(2), "status never said what the job waits on");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}:\n{status}\n{await _pipeline.DescribeQueuesAsync()}\n{_pipeline.DescribeProcesses()}");
        }
        output.WriteLine(status.OutputLines.First(line => line.StartsWith("waiting: ", StringComparison.Ordinal)));
        Assert.Contains("the blob store is not reachable (", status.Output, StringComparison.Ordinal);
        Assert.False((await _pipeline.WaitForJobAsync(jobId, JobTimeout, _ => true)).HasEnded, "the job must wait, not end");

        var retry = await Cli("retry", jobId.ToString());
        Assert.True(retry.ExitCode == ExitCodes.Success, retry.ToString());
        output.WriteLine(retry.OutputLines[0]);
        Assert.Contains($"put back ({lane} ", retry.Output, StringComparison.Ordinal);

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        await _pipeline.DownloadAndAssertAsync(jobId, progress, "bilateral", Path.Combine(_work, "out"));
    }

    [Fact]
    public async Task Retry_WhenNothingIsParked_SaysSoAndAnUnknownJobExitsWithFour()
    {
        _pipeline.StartProcessor("processor");
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 1);
        var jobId = await _pipeline.SubmitAsync(inputs, "invert", tileSize: 256);
        await _pipeline.WaitForJobAsync(jobId, JobTimeout);

        var retry = await Cli("retry", jobId.ToString());
        var unknown = await Cli("retry", Guid.NewGuid().ToString());

        Assert.True(retry.ExitCode == ExitCodes.Success, retry.ToString());
        Assert.Contains("is parked", retry.Output, StringComparison.Ordinal);
        CliAssert.OneLineError(unknown, ExitCodes.JobNotFound, "No job ");
    }

    Task<CliResult> Cli(params string[] arguments) =>
        CliProcess.RunAsync(BuiltProgram.Cli, _pipeline.Environment, _work, TimeSpan.FromMinutes(2), arguments);

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
