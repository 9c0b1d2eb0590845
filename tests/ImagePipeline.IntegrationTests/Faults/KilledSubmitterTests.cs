using System.Diagnostics;
using Azure.Storage.Blobs.Models;
using ImagePipeline.Client.Progress;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Submitter;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Faults;

/// <summary>
/// kill -9 of <c>imagepipe submit</c> while it stores inputs, against the real broker and store with a processor
/// process: the job stays visible to status, cancel and download, it ends, never waiting for ever, and after its
/// retention nothing of it is left in the store; or <c>submit --resume</c> completes it.
/// </summary>
public sealed class KilledSubmitterTests(ITestOutputHelper output) : IAsyncLifetime
{
    const string Operation = "invert";
    static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(4);

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-killed-submitter-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    [Fact]
    public async Task Submit_WhenKilledWhileStoringInputs_JobIsVisibleEndsWithTheUnqueuedImagesFailedAndIsRemovedAfterItsRetention()
    {
        // Long enough for the checks below to read and download the ended job before it is removed.
        var retention = TimeSpan.FromSeconds(45);
        _pipeline.StartProcessor("processor", concurrentTiles: 2, settings: new Dictionary<string, string>
        {
            ["IMAGEPIPE_Processing__AbandonedSubmissionSeconds"] = "15",
            ["IMAGEPIPE_Processing__AbandonedJobRetentionSeconds"] = ((int)retention.TotalSeconds).ToString(),
        });
        var (jobId, queuedAtKill, imageCount) = await SubmitAndKillMidwayAsync();
        var killed = Stopwatch.StartNew();
        var record = await new SubmissionRecords(_pipeline.Blobs).TryReadAsync(jobId, CancellationToken.None);
        Assert.NotNull(record);

        var jobs = await Cli("jobs");
        var status = await Cli("status", jobId.ToString());
        var download = await Cli("download", jobId.ToString(), "--out", Path.Combine(_work, "early"));
        Assert.Contains(jobs.OutputLines, line => line.StartsWith(jobId.ToString(), StringComparison.Ordinal));
        Assert.True(status.ExitCode is ExitCodes.Success or ExitCodes.ImagesFailed, status.ToString());
        Assert.Contains("submission: ", status.Output, StringComparison.Ordinal);
        Assert.True(download.ExitCode is ExitCodes.JobIncomplete or ExitCodes.ImagesFailed, download.ToString());

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        var ended = Stopwatch.StartNew();
        output.WriteLine($"{imageCount} images, {queuedAtKill} recorded as queued at the kill; job ended {killed.Elapsed.TotalSeconds:0.0} s after it: " +
            $"{progress.Done} done, {progress.Failed} failed");

        Assert.True(progress.Failed > 0 && progress.Done >= queuedAtKill, $"{progress.Done} done, {progress.Failed} failed");
        Assert.All(progress.Images.Where(image => image.Outcome == ImageOutcome.Failed),
            image => Assert.StartsWith("not submitted: its submitter stopped before queuing it", image.FailureReason, StringComparison.Ordinal));
        var after = await Cli("status", jobId.ToString());
        Assert.True(after.ExitCode == ExitCodes.ImagesFailed, after.ToString());
        Assert.Contains("its submission never completed", after.Output, StringComparison.Ordinal);
        await _pipeline.AssertDoneOutputsExactAsync(progress, Operation, Path.Combine(_work, "out"));
        await _pipeline.AssertQueuesDrainedAsync();
        Assert.NotEmpty(await KeysOfAsync(jobId, record));

        var left = await WaitForRemovalAsync(jobId, record, retention + TimeSpan.FromMinutes(1));
        output.WriteLine($"job removed {ended.Elapsed.TotalSeconds:0.0} s after it ended (retention {retention.TotalSeconds:0} s)");
        Assert.True(left.Count == 0, $"left in the store: {string.Join(", ", left)}");
        Assert.True(ended.Elapsed >= retention - TimeSpan.FromSeconds(1), $"removed {ended.Elapsed.TotalSeconds:0.0} s after the job ended");
        var gone = await Cli("status", jobId.ToString());
        Assert.True(gone.ExitCode == ExitCodes.JobNotFound, gone.ToString());
    }

    [Fact]
    public async Task Cancel_WhenTheSubmitterWasKilled_EndsTheJobAsCancelledWithoutWaitingForItsSilence()
    {
        // The default silence (5 minutes) is longer than this test: only the cancel can end the job in time.
        _pipeline.StartProcessor("processor", concurrentTiles: 2);
        var (jobId, _, _) = await SubmitAndKillMidwayAsync();

        var cancel = await Cli("cancel", jobId.ToString());
        Assert.True(cancel.ExitCode == ExitCodes.Success, cancel.ToString());
        var cancelled = Stopwatch.StartNew();

        var progress = await _pipeline.WaitForJobAsync(jobId, TimeSpan.FromMinutes(2));
        output.WriteLine($"job ended {cancelled.Elapsed.TotalSeconds:0.0} s after the cancel: {progress.Done} done, {progress.Failed} failed");
        Assert.True(progress.Failed > 0);
        Assert.All(progress.Images.Where(image => image.Outcome == ImageOutcome.Failed), image => Assert.Equal("cancelled", image.FailureReason));
        var jobs = await Cli("jobs");
        Assert.Contains(jobs.OutputLines, line => line.StartsWith(jobId.ToString(), StringComparison.Ordinal) && line.Contains(" cancelled ", StringComparison.Ordinal));
        await _pipeline.AssertQueuesDrainedAsync();
    }

    [Fact]
    public async Task SubmitResume_AfterTheSubmitterWasKilled_QueuesTheRestAndEveryImageEndsDoneAndExact()
    {
        // The default silence (5 minutes) is longer than this test: the saga host must not end the submission first.
        _pipeline.StartProcessor("processor", concurrentTiles: 2);
        var (jobId, queuedAtKill, imageCount) = await SubmitAndKillMidwayAsync();
        var inputs = Path.Combine(_work, "in");
        ReplacePipesWithImages(inputs);

        var unknown = await Cli("submit", "--resume", Guid.NewGuid().ToString(), inputs, "--op", Operation, "--tile-size", "128");
        Assert.True(unknown.ExitCode == ExitCodes.JobNotFound, unknown.ToString());
        var otherOperation = await Cli("submit", "--resume", jobId.ToString(), inputs, "--op", "blur", "--tile-size", "128");
        Assert.True(otherOperation.ExitCode == ExitCodes.UsageError, otherOperation.ToString());
        Assert.Contains("the operation is 'blur', the job's is 'invert'", Assert.Single(otherOperation.ErrorLines), StringComparison.Ordinal);
        var resumed = Stopwatch.StartNew();
        var resume = await Cli("submit", "--resume", jobId.ToString(), inputs, "--op", Operation, "--tile-size", "128");
        Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());
        Assert.Contains(jobId.ToString(), resume.OutputLines);

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        output.WriteLine($"{imageCount} images, {queuedAtKill} recorded as queued at the kill; job ended {resumed.Elapsed.TotalSeconds:0.0} s after " +
            $"the resume started: {progress.Done} done, {progress.Failed} failed");
        Assert.True(progress.Done == imageCount, $"{progress.Done} done, {progress.Failed} failed: " +
            string.Join("; ", progress.Images.Where(image => image.FailureReason is not null).Select(image => $"{image.OutputName}: {image.FailureReason}")));
        Assert.True(await _pipeline.Blobs.ExistsAsync(StoreLayout.Manifest(jobId), CancellationToken.None));
        Assert.Null(await new SubmissionRecords(_pipeline.Blobs).TryReadAsync(jobId, CancellationToken.None));
        await _pipeline.AssertDoneOutputsExactAsync(progress, Operation, Path.Combine(_work, "out"));
        var again = await Cli("submit", "--resume", jobId.ToString(), inputs, "--op", Operation, "--tile-size", "128");
        Assert.True(again.ExitCode == ExitCodes.JobAlreadyEnded, again.ToString());
        await _pipeline.AssertQueuesDrainedAsync();
    }

    /// <summary>Puts a real image where each named pipe was, as a user would put back the inputs the submitter could not read.</summary>
    void ReplacePipesWithImages(string folder)
    {
        var pipes = Directory.GetFiles(folder, "stalled-*.png").Order(StringComparer.Ordinal).ToList();
        var spares = TestImages.WriteBatch(Path.Combine(_work, "spare"), pipes.Count);
        foreach (var (pipe, spare) in pipes.Zip(spares))
        {
            using var image = Cv2.ImRead(spare, ImreadModes.Color);
            File.Delete(pipe);
            Assert.True(Cv2.ImWrite(pipe, image));
        }
    }

    /// <summary>
    /// Starts a submission of many small images and kills it with SIGKILL once its progress shows some images queued.
    /// The last inputs are named pipes no one writes to, so the submission cannot finish first however fast the machine.
    /// </summary>
    async Task<(Guid JobId, int QueuedAtKill, int ImageCount)> SubmitAndKillMidwayAsync()
    {
        var inputs = Path.Combine(_work, "in");
        var files = TestImages.WriteBatch(inputs, 100).Concat(NeverWrittenPipes(inputs, 8)).ToList();
        var submitter = _pipeline.StartCli("imagepipe submit", "submit", inputs, "--op", Operation, "--tile-size", "128");
        var records = new SubmissionRecords(_pipeline.Blobs);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        Guid? jobId = null;
        while (DateTime.UtcNow < deadline && !submitter.HasExited)
        {
            jobId ??= submitter.Output.Split('\n').Select(line => Guid.TryParse(line.Trim(), out var id) ? id : (Guid?)null).FirstOrDefault(id => id is not null);
            if (jobId is { } id && await records.TryReadProgressAsync(id, CancellationToken.None) is { } found)
            {
                var queued = Enumerable.Range(0, files.Count).Count(found.Value.IsQueued);
                if (queued >= 3)
                {
                    submitter.KillHard();
                    Assert.False(await _pipeline.Blobs.ExistsAsync(StoreLayout.Manifest(id), CancellationToken.None), "the submission completed before the kill");
                    Assert.True(queued < files.Count, "every image was queued before the kill");
                    return (id, queued, files.Count);
                }
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"The submission never recorded queued images (exited: {submitter.HasExited}):\n{submitter.Output}");
    }

    /// <summary>Polls the store until nothing of the job is left in it, or <paramref name="timeout"/> has passed; returns what is left.</summary>
    async Task<List<string>> WaitForRemovalAsync(Guid jobId, SubmissionRecord record, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = await KeysOfAsync(jobId, record);
            if (left.Count == 0 || DateTime.UtcNow > deadline)
                return left;
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Every key of the store that names the job (as the store writes its id, and in the usual form) or one of its
    /// images' saga states, uncommitted blobs included.
    /// </summary>
    async Task<List<string>> KeysOfAsync(Guid jobId, SubmissionRecord record)
    {
        var names = new[] { jobId.ToString("N"), jobId.ToString("D") }.Concat(record.Images.Select(image => image.ImageId.ToString("N"))).ToList();
        var keys = new List<string>();
        await foreach (var blob in _pipeline.Container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, prefix: null, CancellationToken.None))
        {
            if (names.Any(name => blob.Name.Contains(name, StringComparison.OrdinalIgnoreCase)))
                keys.Add(blob.Name);
        }

        return keys;
    }

    /// <summary>Pipes named to sort after the batch; reading one waits for a writer that never comes.</summary>
    static IEnumerable<string> NeverWrittenPipes(string folder, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(folder, $"stalled-{i}.png");
            using var mkfifo = Process.Start("mkfifo", [path]);
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
            yield return path;
        }
    }

    Task<CliResult> Cli(params string[] arguments) =>
        CliProcess.RunAsync(BuiltProgram.Cli, _pipeline.Environment, _work, TimeSpan.FromMinutes(2), arguments);

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
