using ImagePipeline.Client.Downloads;
using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Storage;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Jobs;

/// <summary>
/// <c>submit --resume</c>: a submission whose submitter stopped is completed from the same inputs, queuing only what it
/// had not queued; it is refused, with nothing stored or queued, for a job unknown, ended or still submitted, or other inputs.
/// </summary>
public sealed class SubmissionResumeTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-resume-").FullName;

    [Fact]
    public async Task Resume_OfASubmissionWhoseSubmitterStopped_QueuesItsImagesAndTheJobEndsExact()
    {
        var inputs = SampleImages.Files().Take(3).ToList();
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var services = host.Services;
        var jobId = await RecordStoppedSubmissionAsync(services.GetRequiredService<IBlobStore>(), inputs, queued: []);

        await host.StartAsync(deadline.Token);
        try
        {
            var manifest = await services.GetRequiredService<JobSubmitter>().ResumeAsync(jobId, new JobRequest(inputs, "invert", 128), null, deadline.Token);
            var progress = await services.GetRequiredService<JobWaiter>().WaitAsync(manifest, TimeSpan.FromMilliseconds(50), null, deadline.Token);
            var output = Path.Combine(_work, "out");
            await services.GetRequiredService<ResultDownloader>().DownloadAsync(manifest, progress, output, deadline.Token);

            Assert.All(progress.Images, image => Assert.Equal(ImageOutcome.Done, image.Outcome));
            Assert.Null(await new SubmissionRecords(services.GetRequiredService<IBlobStore>()).TryReadAsync(jobId, deadline.Token));
            foreach (var image in progress.Images)
            {
                using var expected = OperationCatalog.Get("invert").Apply(ImageCodec.DecodeBgr(File.ReadAllBytes(image.SourceName)));
                using var actual = Cv2.ImRead(Path.Combine(output, image.OutputName), ImreadModes.Unchanged);
                MatAssert.Identical(expected, actual);
            }
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Resume_WhenTheJobIsUnknownEndedOrGivenOtherInputs_IsRefusedAndStoresNothing()
    {
        var inputs = SampleImages.Files().Take(3).ToList();
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null);
        var blobs = host.Services.GetRequiredService<IBlobStore>();
        var submitter = host.Services.GetRequiredService<JobSubmitter>();
        var stopped = await RecordStoppedSubmissionAsync(blobs, inputs, queued: [0]);
        var ended = await RecordStoppedSubmissionAsync(blobs, inputs, queued: [0], endedReason: "cancelled");

        var unknown = await Assert.ThrowsAsync<SubmissionNotResumableException>(() =>
            submitter.ResumeAsync(NewId.NextGuid(), new JobRequest(inputs, "invert", 128), null, CancellationToken.None));
        var endedJob = await Assert.ThrowsAsync<SubmissionNotResumableException>(() =>
            submitter.ResumeAsync(ended, new JobRequest(inputs, "invert", 128), null, CancellationToken.None));
        var fewer = await Assert.ThrowsAsync<SubmissionNotResumableException>(() =>
            submitter.ResumeAsync(stopped, new JobRequest(inputs.Take(2).ToList(), "invert", 128), null, CancellationToken.None));
        var otherTiles = await Assert.ThrowsAsync<SubmissionNotResumableException>(() =>
            submitter.ResumeAsync(stopped, new JobRequest(inputs, "invert", 256), null, CancellationToken.None));

        Assert.Equal(ResumeRefusal.UnknownJob, unknown.Refusal);
        Assert.Equal(ResumeRefusal.Ended, endedJob.Refusal);
        Assert.Contains("(cancelled)", endedJob.Message, StringComparison.Ordinal);
        Assert.Equal(ResumeRefusal.InputsDiffer, fewer.Refusal);
        Assert.Contains("2 inputs given, the job has 3", fewer.Message, StringComparison.Ordinal);
        Assert.Equal(ResumeRefusal.InputsDiffer, otherTiles.Refusal);
        Assert.Contains("--tile-size is 256, the job's is 128", otherTiles.Message, StringComparison.Ordinal);
        Assert.Empty(await blobs.ListKeysAsync("jobs/", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task Resume_WhileItsSubmitterStillBeats_IsRefused()
    {
        var inputs = SampleImages.Files().Take(2).ToList();
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null);
        var records = new SubmissionRecords(host.Services.GetRequiredService<IBlobStore>());
        var jobId = NewId.NextGuid();
        using var live = new CancellationTokenSource();
        var heartbeat = await SubmissionHeartbeat.StartAsync(records, Record(jobId, inputs), live, CancellationToken.None);
        try
        {
            var refused = await Assert.ThrowsAsync<SubmissionNotResumableException>(() =>
                host.Services.GetRequiredService<JobSubmitter>().ResumeAsync(jobId, new JobRequest(inputs, "invert", 128), null, CancellationToken.None));

            Assert.Equal(ResumeRefusal.StillSubmitted, refused.Refusal);
            Assert.False(live.IsCancellationRequested);
        }
        finally
        {
            await heartbeat.StopAsync();
        }
    }

    [Fact]
    public async Task TakeOver_StopsTheSubmitterItTookOverAtItsNextBeat()
    {
        var records = new SubmissionRecords(new MemoryBlobStore());
        var record = Record(NewId.NextGuid(), SampleImages.Files().Take(2).ToList());
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var original = await SubmissionHeartbeat.StartAsync(records, record, first, CancellationToken.None);
        original.MarkQueued(1);
        await Task.Delay(SubmissionProgress.HeartbeatInterval + TimeSpan.FromSeconds(1));
        var found = (await records.TryReadProgressAsync(record.JobId, CancellationToken.None))!.Value;

        var takeover = await SubmissionHeartbeat.TakeOverAsync(records, record, found.Value, found.ETag, second, CancellationToken.None);
        await Task.Delay(SubmissionProgress.HeartbeatInterval * 2 + TimeSpan.FromSeconds(1));

        Assert.True(first.IsCancellationRequested, "the submitter taken over must stop");
        Assert.Contains("another submitter took it over", original.EndedReason, StringComparison.Ordinal);
        Assert.False(second.IsCancellationRequested);
        Assert.True(takeover.IsQueued(1));
        Assert.False(takeover.IsQueued(0));
        await original.StopAsync();
        await takeover.StopAsync();
    }

    /// <summary>A submission as a submitter killed after its first heartbeat leaves it: a record and a progress, nothing more.</summary>
    static async Task<Guid> RecordStoppedSubmissionAsync(IBlobStore blobs, IReadOnlyList<string> inputs, int[] queued, string? endedReason = null)
    {
        var records = new SubmissionRecords(blobs);
        var record = Record(NewId.NextGuid(), inputs);
        await records.WriteAsync(record, replace: false, CancellationToken.None);
        var bits = IndexSet.Create(inputs.Count);
        foreach (var index in queued)
            IndexSet.Add(bits, index);
        await records.WriteProgressAsync(new SubmissionProgress
        {
            JobId = record.JobId, SubmitterId = Guid.NewGuid(), HeartbeatAt = DateTimeOffset.UtcNow, QueuedBits = bits, EndedReason = endedReason,
        }, etag: null, CancellationToken.None);
        return record.JobId;
    }

    static SubmissionRecord Record(Guid jobId, IReadOnlyList<string> inputs)
    {
        var names = OutputNames.Assign(inputs);
        return new SubmissionRecord
        {
            JobId = jobId,
            Operation = "invert",
            SubmittedAt = DateTimeOffset.UtcNow,
            TileSize = 128,
            Images = inputs.Select((input, index) => new SubmissionImage
            {
                Index = index, ImageId = NewId.NextGuid(), SourceName = input, OutputName = names[index], OutputKey = StoreLayout.Output(jobId, names[index]),
            }).ToList(),
        };
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
