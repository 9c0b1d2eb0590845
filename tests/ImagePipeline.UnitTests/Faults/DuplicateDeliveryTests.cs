using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Sagas;
using ImagePipeline.Sagas.Persistence;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Support;
using ImagePipeline.Workers.Cleanup;
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
        var image = ImageMessages.NewImage(count: 2);

        for (var tile = 0; tile < SixTiles; tile++)
        {
            var processed = TileProcessed(image, tile);
            await harness.Bus.Publish(processed);
            await harness.Bus.Publish(processed);
        }

        var images = new SagaStateStore<ImageState>(blobs);
        var assembling = await Eventually(async () => (await images.TryLoadAsync(image.ImageId, default))?.Saga, s => s?.CurrentState == "Assembling");
        Assert.Equal(SixTiles, assembling!.TilesDone);

        var assembled = new ImageAssembled { Image = image };
        await harness.Bus.Publish(assembled);
        await harness.Bus.Publish(assembled);
        var failed = new ImageFailed { Image = ImageMessages.NewImage(image.JobId, index: 1, count: 2), Reason = "broken" };
        await harness.Bus.Publish(failed);
        await harness.Bus.Publish(failed);

        var jobs = new SagaStateStore<JobState>(blobs);
        var job = await Eventually(async () => (await jobs.TryLoadAsync(image.JobId, default))?.Saga, s => s?.CurrentState == "Finished");
        Assert.Equal((1, 1), (job!.Status.ImagesCompleted, job.Status.ImagesFailed));
        await harness.InactivityTask; // let the duplicates land, then check nothing moved
        job = (await jobs.TryLoadAsync(image.JobId, default))!.Value.Saga;
        Assert.Equal((1, 1, "Finished"), (job.Status.ImagesCompleted, job.Status.ImagesFailed, job.CurrentState));
        Assert.Equal(SixTiles, (await images.TryLoadAsync(image.ImageId, default))!.Value.Saga.TilesDone);
    }

    [Fact]
    public async Task ImageSaga_WhenRunsOfTilesArriveTwice_CountsEachTileOnceAndSendsTheAssemblyOnce()
    {
        var blobs = new FileSystemBlobStore(_work);
        await using var provider = await StartSagasAsync(blobs);
        var harness = provider.GetRequiredService<ITestHarness>();
        var image = ImageMessages.NewImage(count: 2);

        // Six tiles in packs of three, two and one.
        foreach (var (first, length) in new[] { (0, 3), (3, 2), (5, 1) })
        {
            var run = TileProcessed(image, first) with { Tiles = new TileRange { First = first, Count = length } };
            await harness.Bus.Publish(run);
            await harness.Bus.Publish(run);
        }

        var images = new SagaStateStore<ImageState>(blobs);
        var assembling = await Eventually(async () => (await images.TryLoadAsync(image.ImageId, default))?.Saga, s => s?.CurrentState == "Assembling");
        await harness.InactivityTask;
        Assert.Equal(SixTiles, assembling!.TilesDone);
        Assert.Equal(SixTiles, (await images.TryLoadAsync(image.ImageId, default))!.Value.Saga.TilesDone);
        Assert.Single(harness.Sent.Select<AssembleImage>());
    }

    [Fact]
    public async Task ImageSaga_UntilARunsLastTileIsIn_WaitsForIt()
    {
        var blobs = new FileSystemBlobStore(_work);
        await using var provider = await StartSagasAsync(blobs);
        var harness = provider.GetRequiredService<ITestHarness>();
        var image = ImageMessages.NewImage(count: 2);

        // Tiles 0 to 4: one short of the image.
        await harness.Bus.Publish(TileProcessed(image, 0) with { Tiles = new TileRange { First = 0, Count = 5 } });
        await harness.InactivityTask;

        var saga = (await new SagaStateStore<ImageState>(blobs).TryLoadAsync(image.ImageId, default))!.Value.Saga;
        Assert.Equal(("Processing", 5), (saga.CurrentState, saga.TilesDone));
        Assert.False(harness.Sent.Select<AssembleImage>().Any());
    }

    [Fact]
    public async Task TileWorker_WhenAWholeImageTileArrivesTwice_WritesItsOutputOnce()
    {
        var blobs = new FileSystemBlobStore(_work);
        var worker = ImageMessages.WorkerOver(blobs);
        var image = ImageMessages.NewImage();
        var layout = ImageLayout.Of(image, ImageMessages.Whole(image));
        await using (var source = File.OpenRead(SampleImages.Files()[0]))
            await blobs.UploadAsync(layout.Source, source, BlobWriteCondition.None, default);
        var outputKey = layout.Output;
        var command = Assert.Single(layout.CommandsFor(pass: 0));

        await worker.ProcessAsync(command, default);
        var first = await blobs.TryReadVersionedAsync(outputKey, default);
        var firstWrite = File.GetLastWriteTimeUtc(Path.Combine(_work, outputKey));
        await worker.ProcessAsync(command, default);

        var second = await blobs.TryReadVersionedAsync(outputKey, default);
        Assert.Equal(first!.ETag, second!.ETag);
        Assert.Equal(firstWrite, File.GetLastWriteTimeUtc(Path.Combine(_work, outputKey)));
    }

    // A tile that fills its pack alone reads its blob straight into its pixels; the tiles of a pack of several are
    // read with the pack into one buffer (ImageLayout.Packs). A limit of one byte gives each tile a pack of its own.
    public static TheoryData<int> PackLimits => [1, 1 << 20];

    [Theory]
    [MemberData(nameof(PackLimits))]
    public async Task TileWorker_WhenATileArrivesAfterItsImageWasAssembledAndCleanedUp_DoesNothing(int maxPackBytes)
    {
        var blobs = new FileSystemBlobStore(_work);
        var command = LastPackWithNoInput(maxPackBytes);
        await using (var output = File.OpenRead(SampleImages.Files()[0]))
            await blobs.UploadAsync(command.Recipe.OutputKey, output, BlobWriteCondition.IfNotExists, default);

        Assert.False(await ImageMessages.WorkerOver(blobs).ProcessAsync(command, default));

        // The file-system store keeps each part as a blob of its own, so a stored result would show here.
        Assert.Empty(await blobs.ListKeysAsync(ResultsOf(command), default).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(PackLimits))]
    public async Task TileWorker_WhenATilesInputWasRemovedBecauseItsImageFailed_DropsTheTile(int maxPackBytes)
    {
        var blobs = new FileSystemBlobStore(_work);
        var command = LastPackWithNoInput(maxPackBytes);
        // What the removal of a failed image leaves: its marker, and no input tiles.
        await new ImageCleanup(blobs).RemoveAfterFailureAsync(new RemoveImageIntermediates { Image = command.Image, Recipe = command.Recipe }, default);

        // Dropped, not retried: a retried tile would hold a processor for the whole retry schedule.
        Assert.False(await ImageMessages.WorkerOver(blobs).ProcessAsync(command, default));
        Assert.Empty(await blobs.ListKeysAsync(ResultsOf(command), default).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(PackLimits))]
    public async Task TileWorker_WhenATilesInputIsMissingAndItsImageIsNotFinished_Throws(int maxPackBytes)
    {
        var blobs = new FileSystemBlobStore(_work);
        var command = LastPackWithNoInput(maxPackBytes);

        await Assert.ThrowsAsync<BlobNotFoundException>(() => ImageMessages.WorkerOver(blobs).ProcessAsync(command, default));
    }

    [Fact]
    public async Task ImageSaga_WhenATileOfAPassAlreadyDoneArrivesAgain_SendsThatPassesReductionOnce()
    {
        var (sent, saga) = await RepeatATileOfAFinishedPassAsync<ReduceTileStatistics>(passCount: 2, "Reducing");

        // Each extra reduction would queue the whole next pass again: the storm this guards against.
        Assert.Equal(1, sent);
        Assert.Equal(("Reducing", 0, SixTiles), (saga.CurrentState, saga.Pass, saga.TilesDone));
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
        var image = ImageMessages.NewImage(count: 2);

        for (var tile = 0; tile < SixTiles; tile++)
            await harness.Bus.Publish(TileProcessed(image, tile, passCount));
        var images = new SagaStateStore<ImageState>(blobs);
        await Eventually(async () => (await images.TryLoadAsync(image.ImageId, default))?.Saga, s => s?.CurrentState == stateAfterThePass);
        var repeat = TileProcessed(image, 2, passCount);
        await harness.Bus.Publish(repeat);
        await harness.Bus.Publish(repeat);
        await harness.InactivityTask;

        return (harness.Sent.Select<TCommand>().Count(), (await images.TryLoadAsync(image.ImageId, default))!.Value.Saga);
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
        var image = ImageMessages.NewImage(count: 2);

        for (var tile = 0; tile < SixTiles; tile++)
            await harness.Bus.Publish(TileProcessed(image, tile, passCount));
        await harness.InactivityTask;

        return (attempts, harness.Sent.Select<TCommand>().Count());
    }

    [Fact]
    public async Task ImageSaga_WhenEveryTileOfACancelledImageFails_SendsOneRemovalAndAnotherForATileStoredAfterwards()
    {
        var blobs = new FileSystemBlobStore(_work);
        await using var provider = await StartSagasAsync(blobs);
        var harness = provider.GetRequiredService<ITestHarness>();
        var image = ImageMessages.NewImage(count: 2);

        for (var tile = 0; tile < SixTiles - 1; tile++)
            await harness.Bus.Publish(new TileFailed { Image = image, Recipe = SixTilesOf(image), Reason = "cancelled" });
        var images = new SagaStateStore<ImageState>(blobs);
        await Eventually(async () => (await images.TryLoadAsync(image.ImageId, default))?.Saga, s => s?.CurrentState == "Failed");
        // A tile past its cancellation check when the job was cancelled stores its result after the image failed.
        await harness.Bus.Publish(TileProcessed(image, SixTiles - 1));
        await harness.InactivityTask;

        var removals = harness.Sent.Select<RemoveImageIntermediates>().Select(sent => sent.Context.Message).ToList();
        Assert.Equal(2, removals.Count);
        Assert.All(removals, removal => Assert.Equal((image, SixTilesOf(image)), (removal.Image, removal.Recipe)));
        Assert.True(harness.Published.Select<ImageFailed>().Any());
    }

    [Fact]
    public async Task ImageSaga_WhenAnImageProcessedWholeFails_SendsNoRemoval()
    {
        await using var provider = await StartSagasAsync(new FileSystemBlobStore(_work));
        var harness = provider.GetRequiredService<ITestHarness>();
        var image = ImageMessages.NewImage(count: 2);

        await harness.Bus.Publish(new TileFailed { Image = image, Recipe = ImageMessages.Whole(image), Reason = "cancelled" });
        await harness.InactivityTask;

        // Nothing of it is stored but its source, which is kept.
        Assert.True(harness.Published.Select<ImageFailed>().Any());
        Assert.False(harness.Sent.Select<RemoveImageIntermediates>().Any());
    }

    /// <summary>
    /// The last command of a new job's only image, 512 x 512 in four tiles of 256 (as the first sample photo), whose
    /// input pack was never stored (or is gone): its last tile's pack, or the one pack of all four.
    /// </summary>
    static ProcessTile LastPackWithNoInput(int maxPackBytes)
    {
        var image = ImageMessages.NewImage();
        return ImageLayout.Of(image, ImageMessages.Tiled(image, 512, 512, 256, maxPackBytes: maxPackBytes)).CommandsFor(pass: 0)[^1];
    }

    static string ResultsOf(ProcessTile command) => ImageLayout.Of(command.Image, command.Recipe).Results.Key;

    /// <summary>Six tiles: 300 x 200 in tiles of 128.</summary>
    const int SixTiles = 6;

    static ImageRecipe SixTilesOf(ImageIdentity image, int passCount = 1) =>
        ImageMessages.Tiled(image, 300, 200, 128) with { PassCount = passCount };

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

    static TileProcessed TileProcessed(ImageIdentity image, int tile, int passCount = 1) => new()
    {
        Image = image, Recipe = SixTilesOf(image, passCount), Pass = 0, Tiles = new TileRange { First = tile, Count = 1 },
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
