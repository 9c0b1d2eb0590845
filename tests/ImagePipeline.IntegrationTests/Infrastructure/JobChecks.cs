using Azure.Storage.Blobs.Models;
using ImagePipeline.Client.Progress;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Protocol;
using ImagePipeline.Storage;
using ImagePipeline.Submitter;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>What every distributed test checks at the end: exact outputs, each written once, nothing left in any queue.</summary>
public static class JobChecks
{
    public static async Task<Guid> SubmitAsync(this DistributedPipeline pipeline, string inputs, string operation, int tileSize)
    {
        var (exitCode, log) = await pipeline.RunCliAsync(TimeSpan.FromMinutes(4), "submit", inputs, "--op", operation, "--tile-size", tileSize.ToString());
        Assert.True(exitCode == 0, log);
        return Guid.Parse(log.Trim());
    }

    /// <summary>Downloads with <c>imagepipe download</c> and checks outputs, single writes and drained queues.</summary>
    public static async Task DownloadAndAssertAsync(this DistributedPipeline pipeline, Guid jobId, JobProgress progress, string operation, string outputFolder)
    {
        var timeout = TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(progress.ImageCount / 10.0);
        var (exitCode, log) = await pipeline.RunCliAsync(timeout, "download", jobId.ToString(), "--out", outputFolder);
        Assert.True(exitCode == 0, log);
        OutputAssert.MatchInProcessResult(progress, outputFolder, operation);
        await pipeline.AssertEachOutputWrittenOnceAsync(progress.ImageCount);
        await pipeline.AssertQueuesDrainedAsync();
    }

    /// <summary>
    /// For a job that ended with some images failed: <c>imagepipe download</c> says so in its exit code and writes one
    /// file for each image done, each equal to the operation applied in-process to its input.
    /// </summary>
    public static async Task AssertDoneOutputsExactAsync(this DistributedPipeline pipeline, JobProgress progress, string operation, string outputFolder)
    {
        var (exitCode, log) = await pipeline.RunCliAsync(TimeSpan.FromMinutes(2), "download", progress.JobId.ToString(), "--out", outputFolder);
        Assert.True(exitCode == (progress.Failed > 0 ? ExitCodes.ImagesFailed : ExitCodes.Success), log);
        var done = progress.Images.Where(image => image.Outcome == ImageOutcome.Done).ToList();
        Assert.Equal(done.Count, Directory.Exists(outputFolder) ? Directory.GetFiles(outputFolder).Length : 0);
        var op = OperationSpec.Parse(operation);
        foreach (var image in done)
        {
            using var input = ImageCodec.DecodeBgr(File.ReadAllBytes(image.SourceName));
            using var expected = op.Apply(input);
            using var actual = Cv2.ImRead(Path.Combine(outputFolder, image.OutputName), ImreadModes.Unchanged);
            MatAssert.Identical(expected, actual);
        }
    }

    /// <summary>
    /// Outputs are created write-once. A blob stored in one request keeps its creation time as its
    /// last-modified time unless written again; a larger one is staged in blocks first, so its two
    /// times may differ by the upload itself. For every output, a further create-only write must be
    /// refused and leave the blob as it was.
    /// </summary>
    public static async Task AssertEachOutputWrittenOnceAsync(this DistributedPipeline pipeline, int expected)
    {
        const long SingleRequestLimit = 8 * 1024 * 1024;
        var outputs = 0;
        await foreach (var blob in pipeline.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "jobs/", CancellationToken.None))
        {
            if (!blob.Name.Contains("/outputs/"))
                continue;
            outputs++;
            if (blob.Properties.ContentLength <= SingleRequestLimit)
                Assert.Equal(blob.Properties.CreatedOn, blob.Properties.LastModified);

            await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
                pipeline.Blobs.UploadAsync(blob.Name, new MemoryStream([1, 2, 3]), BlobWriteCondition.IfNotExists, CancellationToken.None));
            var after = await pipeline.Container.GetBlobClient(blob.Name).GetPropertiesAsync();
            // Listings and property reads quote the same ETag differently.
            Assert.Equal(blob.Properties.ETag?.ToString().Trim('"'), after.Value.ETag.ToString().Trim('"'));
        }

        Assert.Equal(expected, outputs);
    }

    public static async Task AssertQueuesDrainedAsync(this DistributedPipeline pipeline)
    {
        // Completion events may still be in flight for a moment after the last image ended.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var counts = await pipeline.CountQueuedAsync();
            if (counts.Values.All(count => count == 0))
                return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail("Queues not drained: " + Describe(counts));
            await Task.Delay(250);
        }
    }

    /// <summary>The messages waiting in each work and saga queue and its error queue, those not empty, for a failure message.</summary>
    public static async Task<string> DescribeQueuesAsync(this DistributedPipeline pipeline) =>
        "queued: " + (Describe(await pipeline.CountQueuedAsync()) is { Length: > 0 } queued ? queued : "nothing");

    static async Task<Dictionary<string, int>> CountQueuedAsync(this DistributedPipeline pipeline)
    {
        var queues = QueueNames.All;
        var counts = new Dictionary<string, int>();
        foreach (var queue in queues)
            counts[queue] = await pipeline.VirtualHost.CountMessagesAsync(queue, mayBeMissing: false);
        // Error queues appear only once something has faulted.
        foreach (var queue in queues.Select(q => q + "_error"))
            counts[queue] = await pipeline.VirtualHost.CountMessagesAsync(queue, mayBeMissing: true);
        return counts;
    }

    static string Describe(Dictionary<string, int> counts) => string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Key}={c.Value}"));
}
