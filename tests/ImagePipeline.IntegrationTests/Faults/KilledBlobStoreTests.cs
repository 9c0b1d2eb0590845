using System.Diagnostics;
using Azure.Storage.Blobs.Models;
using ImagePipeline.Client.Progress;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Submitter;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Faults;

/// <summary>
/// kill -9 of Azurite mid-job, restarted on the same folder and port: it keeps blob metadata in memory and saves it
/// every 5 s, so writes it had acknowledged are lost. Against the real broker with a saga host and two tile processors
/// as separate processes, the job ends, every image is exact or failed naming what was lost, and nothing stays queued.
/// </summary>
public sealed class KilledBlobStoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    const string Operation = "bilateral";
    // Two kills, and a third when neither lost a write.
    const int MinKills = 2;
    const int MaxKills = 3;
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    // The reconciler acts after this long with nothing queued (the default is 5 minutes).
    const int StalledJobSeconds = 10;
    static readonly TimeSpan EndBound = TimeSpan.FromMinutes(2);

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-killed-store-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync(scriptServices: true);

    [Fact]
    public async Task Submit_WhenTheBlobStoreIsKilledMidJobAndLosesWrites_JobEndsWithEachImageExactOrFailedNamingWhatWasLost()
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 8);
        TestImages.WriteLarge(inputs, 3000, 2000);
        var settings = new Dictionary<string, string> { ["IMAGEPIPE_Processing__StalledJobSeconds"] = StalledJobSeconds.ToString() };
        var sagas = _pipeline.StartProcessor("sagas", processTiles: false, settings: settings);
        PipelineProcess[] tiles =
        [
            _pipeline.StartProcessor("tiles-0", hostSagas: false, settings: settings),
            _pipeline.StartProcessor("tiles-1", hostSagas: false, settings: settings),
        ];
        var jobId = await _pipeline.SubmitAsync(inputs, Operation, tileSize: 256);

        // Held still until Azurite has saved the submission (the job's manifest is the submitter's last write), so that
        // however fast the machine, the job is still running when the store falls.
        Array.ForEach(tiles, processor => processor.Freeze());
        await Task.Delay(TimeSpan.FromSeconds(6));
        Array.ForEach(tiles, processor => processor.Thaw());
        var atThaw = await _pipeline.WaitForJobAsync(jobId, EndBound, _ => true);
        var sinceRestart = Stopwatch.StartNew();

        var lost = new List<string>();
        var kills = 0;
        // Each kill waits until the processors are at work again, so that it falls while acknowledged writes are unsaved.
        while (kills < MinKills || (kills < MaxKills && lost.Count == 0))
        {
            var progress = await _pipeline.WaitForJobAsync(jobId, EndBound, p => p.HasEnded || (kills == 0
                ? p.TilesDone >= atThaw.TilesDone + 5
                : p.TilesDone >= 5 && sinceRestart.Elapsed > TimeSpan.FromSeconds(6)));
            if (progress.HasEnded)
                break;
            lost.AddRange(await KillAndRestartAsync(++kills, progress));
            sinceRestart.Restart();
        }

        var job = await WaitForJobSagaToEndAsync(jobId);
        var endedAfter = sinceRestart.Elapsed;
        var ended = await _pipeline.WaitForJobAsync(jobId, TimeSpan.FromSeconds(30));
        output.WriteLine($"{kills} kills; {lost.Count} acknowledged writes lost in all; job ended {endedAfter.TotalSeconds:0.0} s after the last restart: " +
            $"{ended.Done} done, {ended.Failed} failed");
        foreach (var image in ended.Images.Where(image => image.Outcome == ImageOutcome.Failed))
            output.WriteLine($"  failed: {Path.GetFileName(image.SourceName)}: {image.FailureReason}");
        foreach (var line in sagas.Output.Split('\n').Where(line => line.Contains("stopped moving", StringComparison.Ordinal)))
            output.WriteLine($"  saga host: {line.Trim()}");
        Assert.False(atThaw.HasEnded, "the job ended before the first kill: the test tests nothing");
        Assert.True(kills >= 1, "the job ended before the first kill: the test tests nothing");
        Assert.NotEmpty(lost);

        Assert.Equal((ended.Done, ended.Failed), (job.ImagesCompleted, job.ImagesFailed));
        Assert.All(ended.Images.Where(image => image.Outcome == ImageOutcome.Failed), image =>
            Assert.True(image.FailureReason is { } reason && (reason.Contains("jobs/", StringComparison.Ordinal) || reason.Contains("lost", StringComparison.Ordinal)),
                $"{image.SourceName} failed for a reason that names nothing lost: {image.FailureReason}"));
        var status = await Cli("status", jobId.ToString());
        Assert.True(status.ExitCode == (ended.Failed > 0 ? ExitCodes.ImagesFailed : ExitCodes.Success), status.ToString());
        await _pipeline.AssertDoneOutputsExactAsync(ended, Operation, Path.Combine(_work, "out"));
        try
        {
            await _pipeline.AssertQueuesDrainedAsync();
        }
        catch (Xunit.Sdk.XunitException)
        {
            // What faulted, for the failure message: the processes' lines about each message that went to an error queue.
            foreach (var line in _pipeline.DescribeProcesses().Split('\n').Where(line => line.Contains("R-FAULT", StringComparison.Ordinal) ||
                         line.Contains("Exception:", StringComparison.Ordinal)).Distinct().Take(20))
                output.WriteLine(line.Trim());
            throw;
        }
    }

    /// <summary>SIGKILL, <see cref="Outage"/> down, restarted on the same folder and port; returns the writes it lost.</summary>
    async Task<IReadOnlyList<string>> KillAndRestartAsync(int kill, JobProgress progress)
    {
        var before = await ListBlobsAsync();
        await LocalServices.KillAzuriteAsync();
        try
        {
            await Task.Delay(Outage);
        }
        finally
        {
            // Back whatever happens: the tests after this one share the store.
            await LocalServices.StartAzuriteAsync();
        }

        var after = await ListBlobsAsync();
        var missing = before.Keys.Where(name => !after.ContainsKey(name)).ToList();
        var rolledBack = before.Where(blob => after.TryGetValue(blob.Key, out var etag) && etag != blob.Value).Select(blob => blob.Key).ToList();
        output.WriteLine($"kill {kill} at {progress.TilesDone}/{progress.TileCount} tiles, {progress.Done} images done: " +
            $"{missing.Count} blobs gone, {rolledBack.Count} put back to an older version");
        foreach (var name in missing.Concat(rolledBack).Order().Take(20))
            output.WriteLine($"  lost: {name}");
        return [.. missing, .. rolledBack];
    }

    async Task<Dictionary<string, string>> ListBlobsAsync()
    {
        var blobs = new Dictionary<string, string>();
        await foreach (var blob in _pipeline.Container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, prefix: null, CancellationToken.None))
            blobs[blob.Name] = blob.Properties.ETag?.ToString() ?? "";
        return blobs;
    }

    /// <summary>The job saga's own count is what ends the job, within <see cref="EndBound"/>; the image statuses alone do not.</summary>
    async Task<JobStatus> WaitForJobSagaToEndAsync(Guid jobId)
    {
        var statuses = new StatusDocuments(_pipeline.Blobs);
        var deadline = Stopwatch.StartNew();
        JobStatus? job = null;
        while (deadline.Elapsed < EndBound)
        {
            try
            {
                if ((job = await statuses.TryReadJobAsync(jobId, CancellationToken.None)) is { AllImagesEnded: true })
                    return job;
            }
            catch (Azure.RequestFailedException)
            {
                // Still starting after the restart: look again.
            }

            await Task.Delay(200);
        }

        var status = await Cli("status", jobId.ToString());
        throw new TimeoutException($"The job did not end within {EndBound} of the last restart: the job saga counts {job?.ImagesCompleted} done and " +
            $"{job?.ImagesFailed} failed of {job?.ImageCount}.\n{status}\n{await _pipeline.DescribeQueuesAsync()}\n{_pipeline.DescribeProcesses()}");
    }

    Task<CliResult> Cli(params string[] arguments) =>
        CliProcess.RunAsync(BuiltProgram.Cli, _pipeline.Environment, _work, TimeSpan.FromMinutes(2), arguments);

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
