using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Sagas;
using ImagePipeline.Sagas.Persistence;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Support;
using ImagePipeline.Workers;
using ImagePipeline.Workers.Cleanup;
using ImagePipeline.Workers.Tiles;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using JobStateMachine = ImagePipeline.Sagas.JobStateMachine;

namespace ImagePipeline.UnitTests.Faults;

/// <summary>At-least-once delivery means every message may arrive twice: counts and outputs must not notice.</summary>
public sealed class DuplicateDeliveryTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-duplicates-").FullName;

    [Fact]
    public async Task Sagas_WhenEveryEventArrivesTwice_CountEachTileAndImageOnce()
    {
        var blobs = new FileSystemBlobStore(_work);
        await using var provider = await StartSagasAsync(blobs);
        var harness = provider.GetRequiredService<ITestHarness>();
        var (jobId, imageId) = (NewId.NextGuid(), NewId.NextGuid());
        var geometry = SixTiles;

        for (var tile = 0; tile < geometry.TileCount; tile++)
        {
            var processed = TileProcessed(jobId, imageId, tile, geometry);
            await harness.Bus.Publish(processed);
            await harness.Bus.Publish(processed);
        }

        var images = new SagaStateStore<ImageState>(blobs);
        var assembling = await Eventually(async () => (await images.TryLoadAsync(imageId, default))?.Saga, s => s?.CurrentState == "Assembling");
        Assert.Equal(geometry.TileCount, assembling!.TilesDone);

        var assembled = new ImageAssembled { JobId = jobId, ImageId = imageId, ImageIndex = 0, ImageCount = 2, OutputKey = "out/a.png" };
        await harness.Bus.Publish(assembled);
        await harness.Bus.Publish(assembled);
        var failed = new ImageFailed { JobId = jobId, ImageId = NewId.NextGuid(), ImageIndex = 1, ImageCount = 2, Reason = "broken" };
        await harness.Bus.Publish(failed);
        await harness.Bus.Publish(failed);

        var jobs = new SagaStateStore<JobState>(blobs);
        var job = await Eventually(async () => (await jobs.TryLoadAsync(jobId, default))?.Saga, s => s?.CurrentState == "Finished");
        Assert.Equal((1, 1), (job!.ImagesCompleted, job.ImagesFailed));
        await harness.InactivityTask; // let the duplicates land, then check nothing moved
        job = (await jobs.TryLoadAsync(jobId, default))!.Value.Saga;
        Assert.Equal((1, 1, "Finished"), (job.ImagesCompleted, job.ImagesFailed, job.CurrentState));
        Assert.Equal(geometry.TileCount, (await images.TryLoadAsync(imageId, default))!.Value.Saga.TilesDone);
    }

    [Fact]
    public async Task ImageSaga_WhenRunsOfTilesArriveTwice_CountsEachTileOnceAndSendsTheAssemblyOnce()
    {
        var blobs = new FileSystemBlobStore(_work);
        await using var provider = await StartSagasAsync(blobs);
        var harness = provider.GetRequiredService<ITestHarness>();
        var (jobId, imageId) = (NewId.NextGuid(), NewId.NextGuid());

        // Six tiles in runs of three, two and one, as the packs of small tiles make them.
        foreach (var (first, length) in new[] { (0, 3), (3, 2), (5, 1) })
        {
            var run = TileProcessed(jobId, imageId, first, SixTiles) with { TileRunLength = length };
            await harness.Bus.Publish(run);
            await harness.Bus.Publish(run);
        }

        var images = new SagaStateStore<ImageState>(blobs);
        var assembling = await Eventually(async () => (await images.TryLoadAsync(imageId, default))?.Saga, s => s?.CurrentState == "Assembling");
        await harness.InactivityTask;
        Assert.Equal(SixTiles.TileCount, assembling!.TilesDone);
        Assert.Equal(SixTiles.TileCount, (await images.TryLoadAsync(imageId, default))!.Value.Saga.TilesDone);
        Assert.Single(harness.Sent.Select<AssembleImage>());
    }

    [Fact]
    public async Task ImageSaga_UntilARunsLastTileIsIn_WaitsForIt()
    {
        var blobs = new FileSystemBlobStore(_work);
        await using var provider = await StartSagasAsync(blobs);
        var harness = provider.GetRequiredService<ITestHarness>();
        var (jobId, imageId) = (NewId.NextGuid(), NewId.NextGuid());

        // Tiles 0 to 4: one short of the image.
        await harness.Bus.Publish(TileProcessed(jobId, imageId, 0, SixTiles) with { TileRunLength = 5 });
        await harness.InactivityTask;

        var saga = (await new SagaStateStore<ImageState>(blobs).TryLoadAsync(imageId, default))!.Value.Saga;
        Assert.Equal(("Processing", 5), (saga.CurrentState, saga.TilesDone));
        Assert.False(harness.Sent.Select<AssembleImage>().Any());
    }

    [Fact]
    public async Task TileWorker_WhenAWholeImageTileArrivesTwice_WritesItsOutputOnce()
    {
        var blobs = new FileSystemBlobStore(_work);
        using var cancellations = new CancellationMarkers(blobs);
        var worker = new TileWorker(blobs, cancellations, Options.Create(new ProcessingOptions()));
        var jobId = NewId.NextGuid();
        var sourceKey = JobKeys.Source(jobId, 0);
        await using (var source = File.OpenRead(SampleImages.Files()[0]))
            await blobs.UploadAsync(sourceKey, source, BlobWriteCondition.None, default);
        var outputKey = JobKeys.Output(jobId, "a.png");
        var command = new ProcessTile
        {
            JobId = jobId, ImageId = NewId.NextGuid(), ImageIndex = 0, ImageCount = 1, TileIndex = 0,
            Geometry = new ImageGeometry { Width = 512, Height = 512, TileSize = 2048, TileCount = 1 },
            Operation = "median", InputKey = sourceKey, InputKind = TileInputKind.EncodedImage,
            Keep = new TileRegion { X = 0, Y = 0, Width = 512, Height = 512 },
            ResultKey = outputKey, OutputKey = outputKey, IsWholeImage = true,
        };

        await worker.ProcessAsync(command, default);
        var first = await blobs.TryReadVersionedAsync(outputKey, default);
        var firstWrite = File.GetLastWriteTimeUtc(Path.Combine(_work, outputKey));
        await worker.ProcessAsync(command, default);

        var second = await blobs.TryReadVersionedAsync(outputKey, default);
        Assert.Equal(first!.ETag, second!.ETag);
        Assert.Equal(firstWrite, File.GetLastWriteTimeUtc(Path.Combine(_work, outputKey)));
    }

    // A tile reads its input whole from a blob of its own, a run of tiles their whole pack (InputPacks), and a tile of
    // an earlier build its part of a pack by range.
    public static TheoryData<BlobRange?, int> InputReads => new()
    {
        { null, 1 },
        { null, 2 },
        { new BlobRange { Offset = 203_000, Length = 203_000 }, 1 },
    };

    [Theory]
    [MemberData(nameof(InputReads))]
    public async Task TileWorker_WhenATileArrivesAfterItsImageWasAssembledAndCleanedUp_DoesNothing(BlobRange? inputRange, int runLength)
    {
        var blobs = new FileSystemBlobStore(_work);
        using var cancellations = new CancellationMarkers(blobs);
        var worker = new TileWorker(blobs, cancellations, Options.Create(new ProcessingOptions()));
        var jobId = NewId.NextGuid();
        var outputKey = JobKeys.Output(jobId, "a.png");
        await using (var output = File.OpenRead(SampleImages.Files()[0]))
            await blobs.UploadAsync(outputKey, output, BlobWriteCondition.IfNotExists, default);
        var command = new ProcessTile
        {
            JobId = jobId, ImageId = NewId.NextGuid(), ImageIndex = 0, ImageCount = 1, TileIndex = 4 - runLength, TileRunLength = runLength,
            Geometry = new ImageGeometry { Width = 512, Height = 512, TileSize = 256, TileCount = 4 },
            Operation = "median", InputKey = JobKeys.InputPack(jobId, 0, 0), InputKind = TileInputKind.RawTile, InputRange = inputRange,
            Keep = new TileRegion { X = 2, Y = 2, Width = 256, Height = 256 },
            ResultKey = JobKeys.Results(jobId, 0), OutputKey = outputKey, IsWholeImage = false,
        };

        Assert.False(await worker.ProcessAsync(command, default));

        // The file-system store keeps each part as a blob of its own, so a stored result would show here.
        Assert.Empty(await blobs.ListKeysAsync(command.ResultKey, default).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(InputReads))]
    public async Task TileWorker_WhenATilesInputWasRemovedBecauseItsImageFailed_DropsTheTile(BlobRange? inputRange, int runLength)
    {
        var blobs = new FileSystemBlobStore(_work);
        using var cancellations = new CancellationMarkers(blobs);
        var worker = new TileWorker(blobs, cancellations, Options.Create(new ProcessingOptions()));
        var command = FirstTileWithNoInput(inputRange, runLength);
        // What the removal of a failed image leaves: its marker, and no input tiles.
        await ImageIntermediates.RemoveAfterFailureAsync(blobs,
            new RemoveImageIntermediates { JobId = command.JobId, ImageId = command.ImageId, ImageIndex = 0, TileCount = 4 }, default);

        // Dropped, not retried: a retried tile would hold a processor for the whole retry schedule.
        Assert.False(await worker.ProcessAsync(command, default));
        Assert.Empty(await blobs.ListKeysAsync(command.ResultKey, default).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(InputReads))]
    public async Task TileWorker_WhenATilesInputIsMissingAndItsImageIsNotFinished_Throws(BlobRange? inputRange, int runLength)
    {
        var blobs = new FileSystemBlobStore(_work);
        using var cancellations = new CancellationMarkers(blobs);
        var worker = new TileWorker(blobs, cancellations, Options.Create(new ProcessingOptions()));
        var command = FirstTileWithNoInput(inputRange, runLength);

        await Assert.ThrowsAsync<BlobNotFoundException>(() => worker.ProcessAsync(command, default));
    }

    [Fact]
    public async Task ImageSaga_WhenATileOfAPassAlreadyDoneArrivesAgain_SendsThatPassesReductionOnce()
    {
        var (sent, saga) = await RepeatATileOfAFinishedPassAsync<ReduceTileStatistics>(passCount: 2, "Reducing");

        // Each extra reduction would queue the whole next pass again: the storm this guards against.
        Assert.Equal(1, sent);
        Assert.Equal(("Reducing", 0, SixTiles.TileCount), (saga.CurrentState, saga.Pass, saga.TilesDone));
    }

    [Fact]
    public async Task ImageSaga_WhenATileArrivesAgainWhileTheImageIsAssembled_SendsTheAssemblyOnce()
    {
        var (sent, saga) = await RepeatATileOfAFinishedPassAsync<AssembleImage>(passCount: 1, "Assembling");

        // Assembly is idempotent, but each extra command would read every tile and encode the image again.
        Assert.Equal(1, sent);
        Assert.Equal("Assembling", saga.CurrentState);
    }

    /// <summary>
    /// Every tile of an image's first pass reported; once the saga is in <paramref name="stateAfterThePass"/>, one of those
    /// tiles is delivered again, twice (a processor died after storing it but before its acknowledgement reached the broker).
    /// </summary>
    /// <returns>How many <typeparamref name="TCommand"/> the saga sent, and its state at the end.</returns>
    async Task<(int Sent, ImageState Saga)> RepeatATileOfAFinishedPassAsync<TCommand>(int passCount, string stateAfterThePass)
        where TCommand : class
    {
        var blobs = new FileSystemBlobStore(_work);
        await using var provider = await StartSagasAsync(blobs);
        var harness = provider.GetRequiredService<ITestHarness>();
        var (jobId, imageId) = (NewId.NextGuid(), NewId.NextGuid());

        for (var tile = 0; tile < SixTiles.TileCount; tile++)
            await harness.Bus.Publish(TileProcessed(jobId, imageId, tile, SixTiles) with { Pass = 0, PassCount = passCount });
        var images = new SagaStateStore<ImageState>(blobs);
        await Eventually(async () => (await images.TryLoadAsync(imageId, default))?.Saga, s => s?.CurrentState == stateAfterThePass);
        var repeat = TileProcessed(jobId, imageId, 2, SixTiles) with { Pass = 0, PassCount = passCount };
        await harness.Bus.Publish(repeat);
        await harness.Bus.Publish(repeat);
        await harness.InactivityTask;

        return (harness.Sent.Select<TCommand>().Count(), (await images.TryLoadAsync(imageId, default))!.Value.Saga);
    }

    [Fact]
    public async Task ImageSaga_WhenTheAssemblyFailsToSendAfterItsStateIsSaved_SendsItWhenTheTileIsRetried()
    {
        var (attempts, sent) = await RefuseFirstSendAsync<AssembleImage>(passCount: 1);

        // The retried last tile is a repeat by then, and only its being handled again makes it send.
        Assert.Equal((2, 1), (attempts, sent));
    }

    [Fact]
    public async Task ImageSaga_WhenAPassesReductionFailsToSendAfterItsStateIsSaved_SendsItWhenTheTileIsRetried()
    {
        var (attempts, sent) = await RefuseFirstSendAsync<ReduceTileStatistics>(passCount: 2);

        Assert.Equal((2, 1), (attempts, sent));
    }

    /// <summary>
    /// Every tile of an image's first pass reported, while the broker refuses the first <typeparamref name="TCommand"/>
    /// the image saga sends (after it has saved the state that implies it).
    /// </summary>
    /// <returns>How many times the saga tried to send it, and how many were sent.</returns>
    async Task<(int Attempts, int Sent)> RefuseFirstSendAsync<TCommand>(int passCount)
        where TCommand : class
    {
        var attempts = 0;
        await using var provider = await StartSagasAsync(new FileSystemBlobStore(_work), send => send.UseExecute(context =>
        {
            if (context is SendContext<TCommand> && Interlocked.Increment(ref attempts) == 1)
                throw new InvalidOperationException("The broker refused the message (test).");
        }));
        var harness = provider.GetRequiredService<ITestHarness>();
        var (jobId, imageId) = (NewId.NextGuid(), NewId.NextGuid());

        for (var tile = 0; tile < SixTiles.TileCount; tile++)
            await harness.Bus.Publish(TileProcessed(jobId, imageId, tile, SixTiles) with { Pass = 0, PassCount = passCount });
        await harness.InactivityTask;

        return (attempts, harness.Sent.Select<TCommand>().Count());
    }

    [Fact]
    public async Task ImageSaga_WhenEveryTileOfACancelledImageFails_SendsOneRemovalAndAnotherForATileStoredAfterwards()
    {
        var blobs = new FileSystemBlobStore(_work);
        await using var provider = await StartSagasAsync(blobs);
        var harness = provider.GetRequiredService<ITestHarness>();
        var (jobId, imageId) = (NewId.NextGuid(), NewId.NextGuid());

        for (var tile = 0; tile < SixTiles.TileCount - 1; tile++)
            await harness.Bus.Publish(TileFailed(jobId, imageId, tile, SixTiles, isWholeImage: false));
        var images = new SagaStateStore<ImageState>(blobs);
        await Eventually(async () => (await images.TryLoadAsync(imageId, default))?.Saga, s => s?.CurrentState == "Failed");
        // A tile past its cancellation check when the job was cancelled stores its result after the image failed.
        await harness.Bus.Publish(TileProcessed(jobId, imageId, SixTiles.TileCount - 1, SixTiles));
        await harness.InactivityTask;

        var removals = harness.Sent.Select<RemoveImageIntermediates>().Select(sent => sent.Context.Message).ToList();
        Assert.Equal(2, removals.Count);
        Assert.All(removals, removal => Assert.Equal((jobId, imageId, 0, SixTiles.TileCount),
            (removal.JobId, removal.ImageId, removal.ImageIndex, removal.TileCount)));
        Assert.True(harness.Published.Select<ImageFailed>().Any());
    }

    [Fact]
    public async Task ImageSaga_WhenAnImageProcessedWholeFails_SendsNoRemoval()
    {
        await using var provider = await StartSagasAsync(new FileSystemBlobStore(_work));
        var harness = provider.GetRequiredService<ITestHarness>();
        var whole = new ImageGeometry { Width = 300, Height = 200, TileSize = 2048, TileCount = 1 };

        await harness.Bus.Publish(TileFailed(NewId.NextGuid(), NewId.NextGuid(), 0, whole, isWholeImage: true));
        await harness.InactivityTask;

        // Nothing of it is stored but its source, which is kept.
        Assert.True(harness.Published.Select<ImageFailed>().Any());
        Assert.False(harness.Sent.Select<RemoveImageIntermediates>().Any());
    }

    /// <summary>The first of four tiles of a new job's only image (and the ones after it in its run), whose input pack was never stored (or is gone).</summary>
    static ProcessTile FirstTileWithNoInput(BlobRange? inputRange, int runLength)
    {
        var jobId = NewId.NextGuid();
        return new ProcessTile
        {
            JobId = jobId, ImageId = NewId.NextGuid(), ImageIndex = 0, ImageCount = 1, TileIndex = 0, TileRunLength = runLength,
            Geometry = new ImageGeometry { Width = 512, Height = 512, TileSize = 256, TileCount = 4 },
            Operation = "median", InputKey = JobKeys.InputPack(jobId, 0, 0), InputKind = TileInputKind.RawTile, InputRange = inputRange,
            Keep = new TileRegion { X = 0, Y = 0, Width = 256, Height = 256 },
            ResultKey = JobKeys.Results(jobId, 0), OutputKey = JobKeys.Output(jobId, "a.png"), IsWholeImage = false,
        };
    }

    static readonly ImageGeometry SixTiles = new() { Width = 300, Height = 200, TileSize = 128, TileCount = 6 };

    static TileFailed TileFailed(Guid jobId, Guid imageId, int tile, ImageGeometry geometry, bool isWholeImage) => new()
    {
        JobId = jobId, ImageId = imageId, ImageIndex = 0, ImageCount = 2, TileIndex = tile, Reason = "cancelled",
        Geometry = geometry, IsWholeImage = isWholeImage,
    };

    /// <summary>Both sagas on MassTransit's test harness, started, their state kept in <paramref name="blobs"/>.</summary>
    /// <param name="configureSend">Filters on every message the bus sends, to make sends fail.</param>
    static async Task<ServiceProvider> StartSagasAsync(IBlobStore blobs, Action<ISendPipeConfigurator>? configureSend = null)
    {
        var provider = new ServiceCollection()
            .AddSingleton(blobs)
            .AddSingleton(Options.Create(new ProcessingOptions { RetryDelaysMs = [50] }))
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddSagaStateMachine<ImageStateMachine, ImageState, ImageStateDefinition>().Repository(r => r.UseBlobStore());
                bus.AddSagaStateMachine<JobStateMachine, JobState, JobStateDefinition>().Repository(r => r.UseBlobStore());
                bus.UsingInMemory((context, cfg) =>
                {
                    if (configureSend is not null)
                        cfg.ConfigureSend(configureSend);
                    cfg.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(validateScopes: true);
        await provider.GetRequiredService<ITestHarness>().Start();
        return provider;
    }

    static TileProcessed TileProcessed(Guid jobId, Guid imageId, int tile, ImageGeometry geometry) => new()
    {
        JobId = jobId, ImageId = imageId, ImageIndex = 0, ImageCount = 2, TileIndex = tile, Geometry = geometry,
        ResultKey = $"results/{tile}", OutputKey = "out/a.png", IsWholeImage = false,
    };

    static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
                return value;
            await Task.Delay(50);
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
