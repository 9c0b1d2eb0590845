using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Storage;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Faults;

/// <summary>
/// A job whose saga state went backwards (as when the blob store loses writes it had acknowledged: Azurite saves its
/// metadata every 5 s) with nothing left queued: the saga host notices it stopped moving and re-drives it from what
/// the store holds, against the real broker and Azurite.
/// </summary>
public sealed class StalledJobTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(4);

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-stalled-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    [Fact]
    public async Task JobState_WhenItWentBackwardsAfterTheJobEnded_IsRecountedFromTheOutputsPresent()
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 6);
        TestImages.WriteLarge(inputs, 2400, 1600);
        _pipeline.StartProcessor("processor", concurrentTiles: 2,
            settings: new Dictionary<string, string> { ["IMAGEPIPE_Processing__StalledJobSeconds"] = "10" });
        var jobId = await _pipeline.SubmitAsync(inputs, "invert", tileSize: 256);
        await _pipeline.WaitForJobAsync(jobId, JobTimeout);

        // The job saga's state as a store that lost its last writes would hand it back: only images 0-2 counted, running.
        var key = StoreLayout.JobStatus(jobId);
        var state = JsonNode.Parse((await _pipeline.Blobs.TryReadVersionedAsync(key, CancellationToken.None))!.Content)!;
        state["currentState"] = "Running";
        state["status"]!["finishedAt"] = null;
        state["status"]!["imagesCompleted"] = 3;
        state["status"]!["imagesFailed"] = 0;
        state["status"]!["endedBits"] = Convert.ToBase64String([0b0000_0111]);
        await _pipeline.Blobs.UploadAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(state.ToJsonString())), BlobWriteCondition.None, CancellationToken.None);
        var statuses = new StatusDocuments(_pipeline.Blobs);
        Assert.False((await statuses.TryReadJobAsync(jobId, CancellationToken.None))!.AllImagesEnded, "the job's state must have gone backwards");
        var clock = Stopwatch.StartNew();

        // Image statuses still say done: the job saga's own count is what went backwards, and what must come back.
        JobStatus? job;
        while ((job = await statuses.TryReadJobAsync(jobId, CancellationToken.None)) is not { AllImagesEnded: true })
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"the job saga still counts {job?.ImagesCompleted} of 7 images");
            await Task.Delay(200);
        }

        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        output.WriteLine($"job state rolled back to 3 of 7 images counted; the job ended again {clock.Elapsed.TotalSeconds:0.0} s later " +
            "(after 10 s of empty queues, as set)");
        Assert.Equal((7, 0), (job!.ImagesCompleted, job.ImagesFailed));
        await _pipeline.DownloadAndAssertAsync(jobId, progress, "invert", Path.Combine(_work, "out"));
    }

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
