using System.Text.Json;
using ImagePipeline.Client;
using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Sagas;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Support;
using MassTransit;
using MassTransit.Testing;
using JobStateMachine = ImagePipeline.Sagas.JobStateMachine;
using JobState = ImagePipeline.Sagas.JobState;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.UnitTests.Sagas;

/// <summary>The job saga's end, on MassTransit's test harness, against a store that lost an output after its image was assembled.</summary>
public sealed class JobStateMachineTests : IAsyncLifetime
{
    readonly MemoryBlobStore _blobs = new();
    readonly Guid _jobId = NewId.NextGuid();
    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;
    ISagaStateMachineTestHarness<JobStateMachine, JobState> _saga = null!;

    public async Task InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddSingleton<IBlobStore>(_blobs)
            .AddSingleton(Options.Create(new ProcessingOptions { RetryDelaysMs = [10] }))
            .AddMassTransitTestHarness(bus => bus.AddSagaStateMachine<JobStateMachine, JobState, JobStateDefinition>().InMemoryRepository())
            .BuildServiceProvider(validateScopes: true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
        _saga = _harness.GetSagaStateMachineHarness<JobStateMachine, JobState>();
    }

    [Fact]
    public async Task ImageCompleted_TheLastOfAJobWhoseOutputIsGone_DoesNotEndTheJobUntilTheOutputIsThere()
    {
        var images = Enumerable.Range(0, 2).Select(index => ImageMessages.NewImage(_jobId, index, count: 2)).ToArray();
        await WriteManifestAsync(images);
        await WriteOutputAsync(images[0]);

        await CompleteAsync(images[0]);
        await CompleteAsync(images[1]);

        var saga = await RunningWithAsync(completed: 1);
        Assert.False(saga.Status.HasEnded(1), "an image whose output is gone is not counted done");
        Assert.False(await _harness.Published.Any<JobCompleted>(x => x.Context.Message.JobId == _jobId, new CancellationTokenSource(300).Token));

        // Re-driven: assembled again, the image reports again and the job ends.
        await WriteOutputAsync(images[1]);
        await CompleteAsync(images[1]);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_saga.Sagas.ContainsInState(_jobId, _saga.StateMachine, _saga.StateMachine.Finished) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The job never finished once the output was there.");
            await Task.Delay(20);
        }

        Assert.True(await _harness.Published.Any<JobCompleted>(x => x.Context.Message.JobId == _jobId));
    }

    async Task CompleteAsync(ImageIdentity image) =>
        await (await _harness.Bus.GetSendEndpoint(QueueNames.JobStateAddress)).Send(new ImageCompleted { Image = image });

    async Task<JobState> RunningWithAsync(int completed)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = _saga.Sagas.ContainsInState(_jobId, _saga.StateMachine, _saga.StateMachine.Running);
            if (found is not null && found.Status.ImagesCompleted == completed && await _harness.Consumed.Any<ImageCompleted>() &&
                _harness.Consumed.Select<ImageCompleted>().Count() == 2)
                return found;
            Assert.True(DateTime.UtcNow < deadline, $"The job saga never counted {completed} images done while running.");
            await Task.Delay(20);
        }
    }

    async Task WriteManifestAsync(IReadOnlyList<ImageIdentity> images)
    {
        var manifest = new JobManifest
        {
            JobId = _jobId, Operation = "median", SubmittedAt = DateTimeOffset.UtcNow, TileSize = 256,
            Images = [.. images.Select(image => new ManifestImage
            {
                Index = image.Index, ImageId = image.ImageId, SourceName = $"{image.Index}.png", OutputName = $"{image.Index}.png",
                OutputKey = OutputKey(image), TileCount = 1,
            })],
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(manifest, JobManifestJson.Options);
        await _blobs.UploadAsync(StoreLayout.Manifest(_jobId), new MemoryStream(json), BlobWriteCondition.None, CancellationToken.None);
    }

    Task WriteOutputAsync(ImageIdentity image) =>
        _blobs.UploadAsync(OutputKey(image), new MemoryStream([1]), BlobWriteCondition.None, CancellationToken.None);

    static string OutputKey(ImageIdentity image) => StoreLayout.Output(image.JobId, $"image-{image.Index}.png");

    public async Task DisposeAsync() => await _provider.DisposeAsync();
}
