using System.Text.Json;
using ImagePipeline.Client;
using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Sagas;
using ImagePipeline.Sagas.Persistence;
using ImagePipeline.Sagas.Reconciling;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Support;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.UnitTests.Sagas;

/// <summary>The stalled-job reconciler against a store that lost writes, its messages caught by MassTransit's test harness.</summary>
public sealed class StalledJobsTests : IAsyncLifetime
{
    const int StalledJobSeconds = 10;

    readonly MemoryBlobStore _blobs = new();
    readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _provider = new ServiceCollection().AddMassTransitTestHarness().BuildServiceProvider(validateScopes: true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    [Fact]
    public async Task Look_WhenAJobsSagaStateIsGone_FindsTheJobByItsFolderAndRecountsItFromWhatTheStoreHolds()
    {
        var jobId = NewId.NextGuid();
        var images = Enumerable.Range(0, 3).Select(index => ImageMessages.NewImage(jobId, index, count: 3)).ToArray();
        await WriteManifestAsync(jobId, images);
        // Image 0's output is there; image 1's saga failed it; image 2's saga completed it, but its output is gone.
        await _blobs.UploadAsync(OutputKey(images[0]), new MemoryStream([1]), BlobWriteCondition.None, CancellationToken.None);
        await WriteImageStateAsync(images[1], nameof(ImageStateMachine.Failed), "processing failed after retries: No blob with key 'x'.");
        await WriteImageStateAsync(images[2], nameof(ImageStateMachine.Completed), reason: null);

        await LookAfterAnIdleStretchAsync();

        var submitted = Assert.Single(_harness.Sent.Select<JobSubmitted>()).Context.Message;
        Assert.Equal((jobId, "median", 3), (submitted.JobId, submitted.Operation, submitted.ImageCount));
        var completed = Assert.Single(_harness.Sent.Select<ImageCompleted>()).Context.Message;
        Assert.Equal(images[0], completed.Image);
        var failed = Assert.Single(_harness.Sent.Select<ImageFailed>()).Context.Message;
        Assert.Equal((images[1], "processing failed after retries: No blob with key 'x'."), (failed.Image, failed.Reason));
        // Its tiles' results may still be there: it is assembled again (the assembler fails it, naming the blob, if not).
        var assembly = Assert.Single(_harness.Sent.Select<AssembleImage>()).Context.Message;
        Assert.Equal(images[2], assembly.Image);
    }

    [Fact]
    public async Task Look_WhenAJobFolderHasNoManifest_LeavesItAlone()
    {
        // A submission under way before its record was written, or a job being removed: nothing to re-drive from.
        var image = ImageMessages.NewImage();
        await _blobs.UploadAsync(StoreLayout.Output(image.JobId, "a.png"), new MemoryStream([1]), BlobWriteCondition.None, CancellationToken.None);

        await LookAfterAnIdleStretchAsync();

        Assert.False(_harness.Sent.Select<JobSubmitted>().Any());
        Assert.False(_harness.Sent.Select<ImageCompleted>().Any());
    }

    async Task LookAfterAnIdleStretchAsync()
    {
        var statuses = new StatusDocuments(_blobs);
        var reconciler = new StalledJobs(new IdlePipelineQueues(), _blobs, statuses, new SubmissionRecords(_blobs), _harness.Bus,
            Options.Create(new ProcessingOptions { StalledJobSeconds = StalledJobSeconds }), _time, NullLogger<StalledJobs>.Instance);
        await reconciler.LookOnceAsync(CancellationToken.None);
        Assert.False(_harness.Sent.Select<JobSubmitted>().Any(), "nothing is re-driven before the queues were idle for the whole stretch");
        _time.Now += TimeSpan.FromSeconds(StalledJobSeconds);
        await reconciler.LookOnceAsync(CancellationToken.None);
    }

    async Task WriteManifestAsync(Guid jobId, IReadOnlyList<ImageIdentity> images)
    {
        var manifest = new JobManifest
        {
            JobId = jobId, Operation = "median", SubmittedAt = DateTimeOffset.UtcNow, TileSize = 256,
            Images = [.. images.Select(image => new ManifestImage
            {
                Index = image.Index, ImageId = image.ImageId, SourceName = $"{image.Index}.png", OutputName = $"{image.Index}.png",
                OutputKey = OutputKey(image), TileCount = 6,
            })],
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(manifest, JobManifestJson.Options);
        await _blobs.UploadAsync(StoreLayout.Manifest(jobId), new MemoryStream(json), BlobWriteCondition.None, CancellationToken.None);
    }

    async Task WriteImageStateAsync(ImageIdentity image, string state, string? reason)
    {
        var saga = new ImageState
        {
            CorrelationId = image.ImageId, CurrentState = state, Image = image, Recipe = ImageMessages.Tiled(image, 300, 200, 128),
            FailureReason = reason,
        };
        await new SagaStateStore<ImageState>(_blobs).WriteAsync(saga, expectedETag: null, CancellationToken.None);
    }

    static string OutputKey(ImageIdentity image) => StoreLayout.Output(image.JobId, $"image-{image.Index}.png");

    public async Task DisposeAsync() => await _provider.DisposeAsync();
}
