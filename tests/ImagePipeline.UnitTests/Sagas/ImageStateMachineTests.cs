using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Sagas;
using ImagePipeline.UnitTests.Support;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.UnitTests.Sagas;

/// <summary>The image saga's transitions, one event at a time, on MassTransit's test harness.</summary>
public sealed class ImageStateMachineTests : IAsyncLifetime
{
    // 300 x 200 in tiles of 128: six tiles.
    const int Tiles = 6;

    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;
    ISagaStateMachineTestHarness<ImageStateMachine, ImageState> _saga = null!;
    readonly ImageIdentity _image = ImageMessages.NewImage(count: 3);

    public async Task InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddSingleton(Options.Create(new ProcessingOptions { RetryDelaysMs = [10] }))
            .AddMassTransitTestHarness(bus => bus.AddSagaStateMachine<ImageStateMachine, ImageState, ImageStateDefinition>().InMemoryRepository())
            .BuildServiceProvider(validateScopes: true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
        _saga = _harness.GetSagaStateMachineHarness<ImageStateMachine, ImageState>();
    }

    [Fact]
    public async Task TileProcessed_TheFirstOfAnImage_RecordsTheImageAndCountsTheTile()
    {
        await ProcessAsync(pass: 0, first: 0, count: 1);

        var saga = await InStateAsync(machine => machine.Processing);
        Assert.Equal((_image, Recipe(), 0, 1), (saga.Image, saga.Recipe, saga.Pass, saga.TilesDone));
        Assert.Equal(new ImageStatus { Phase = ImagePhase.Processing, Pass = 0, TilesDone = 1 }, saga.Status);
        Assert.False(_harness.Sent.Select<AssembleImage>().Any());
    }

    [Fact]
    public async Task TileProcessed_TheLastOfTheOnlyPass_HasTheImageAssembled()
    {
        await ProcessAsync(pass: 0, first: 0, count: 4);
        await ProcessAsync(pass: 0, first: 4, count: 2);

        var saga = await InStateAsync(machine => machine.Assembling);
        Assert.Equal(Tiles, saga.TilesDone);
        var assembly = Assert.Single(await SentAsync<AssembleImage>());
        Assert.Equal((_image, Recipe()), (assembly.Image, assembly.Recipe));
    }

    [Fact]
    public async Task TileProcessed_TheLastOfAPassBeforeTheLast_HasThePassReduced()
    {
        await ProcessAsync(pass: 0, first: 0, count: Tiles, passCount: 3);

        await InStateAsync(machine => machine.Reducing);
        var reduction = Assert.Single(await SentAsync<ReduceTileStatistics>());
        Assert.Equal((_image, Recipe(passCount: 3), 0), (reduction.Image, reduction.Recipe, reduction.Pass));
        Assert.False(_harness.Sent.Select<AssembleImage>().Any());
    }

    [Fact]
    public async Task TileProcessed_TheFirstOfTheNextPass_StartsThatPassesCount()
    {
        await ProcessAsync(pass: 0, first: 0, count: Tiles, passCount: 2);
        await InStateAsync(machine => machine.Reducing);

        await ProcessAsync(pass: 1, first: 2, count: 1, passCount: 2);

        var saga = await InStateAsync(machine => machine.Processing, s => s.Pass == 1);
        Assert.Equal((1, 1), (saga.Pass, saga.TilesDone));
        Assert.Equal(new ImageStatus { Phase = ImagePhase.Processing, Pass = 1, TilesDone = 1 }, saga.Status);
    }

    [Fact]
    public async Task TileProcessed_OfAnEarlierPass_ChangesNothingAndSendsNothing()
    {
        await ProcessAsync(pass: 0, first: 0, count: Tiles, passCount: 2);
        await ProcessAsync(pass: 1, first: 0, count: 1, passCount: 2);
        await InStateAsync(machine => machine.Processing, s => s.Pass == 1);

        await ProcessAsync(pass: 0, first: 3, count: 1, passCount: 2);
        await _harness.InactivityTask;

        var saga = await InStateAsync(machine => machine.Processing);
        Assert.Equal((1, 1), (saga.Pass, saga.TilesDone));
        Assert.Single(_harness.Sent.Select<ReduceTileStatistics>());
    }

    [Fact]
    public async Task ImageAssembled_WhenTheStateWentBackToProcessing_CompletesTheImageWithoutFaulting()
    {
        // A store that lost its last writes hands back the state from before the last tiles were counted.
        await ProcessAsync(pass: 0, first: 0, count: 4);
        await InStateAsync(machine => machine.Processing);

        await _harness.Bus.Publish(new ImageAssembled { Image = _image });

        var saga = await InStateAsync(machine => machine.Completed);
        Assert.Equal(ImagePhase.Done, saga.Status.Phase);
        Assert.True(await _harness.Published.Any<ImageCompleted>(sent => sent.Context.Message.Image == _image));
        Assert.False(await _harness.Published.Any<Fault<ImageAssembled>>(), "nothing may be left in the error queue");
    }

    [Fact]
    public async Task ImageAssembled_WhileAssembling_CompletesTheImageForItsJob()
    {
        await ProcessAsync(pass: 0, first: 0, count: Tiles);
        await InStateAsync(machine => machine.Assembling);

        await _harness.Bus.Publish(new ImageAssembled { Image = _image });

        var saga = await InStateAsync(machine => machine.Completed);
        Assert.Equal(ImagePhase.Done, saga.Status.Phase);
        Assert.True(await _harness.Published.Any<ImageCompleted>(sent => sent.Context.Message.Image == _image));
    }

    [Fact]
    public async Task TileFailed_OfATiledImage_FailsItAndHasWhatItsTilesStoredRemoved()
    {
        await ProcessAsync(pass: 0, first: 0, count: 2);

        await _harness.Bus.Publish(new TileFailed { Image = _image, Recipe = Recipe(), Reason = "not a valid raw tile" });

        var saga = await InStateAsync(machine => machine.Failed);
        Assert.Equal(new ImageStatus { Phase = ImagePhase.Failed, Pass = 0, TilesDone = 2, FailureReason = "not a valid raw tile" }, saga.Status);
        Assert.True(await _harness.Published.Any<ImageFailed>(sent => sent.Context.Message == new ImageFailed { Image = _image, Reason = "not a valid raw tile" }));
        var removal = Assert.Single(await SentAsync<RemoveImageIntermediates>());
        Assert.Equal((_image, Recipe()), (removal.Image, removal.Recipe));
    }

    [Fact]
    public async Task TileFailed_AsTheFirstEventOfAnImageProcessedWhole_FailsItWithNothingToRemove()
    {
        await _harness.Bus.Publish(new TileFailed { Image = _image, Recipe = ImageMessages.Whole(_image), Reason = "not an image" });

        var saga = await InStateAsync(machine => machine.Failed);
        Assert.Equal(_image, saga.Image);
        Assert.True(await _harness.Published.Any<ImageFailed>());
        await _harness.InactivityTask;
        Assert.False(_harness.Sent.Select<RemoveImageIntermediates>().Any());
    }

    [Fact]
    public async Task ProcessTileFault_FailsTheImageWithTheErrorAfterRetries()
    {
        var command = new ProcessTile { Image = _image, Recipe = Recipe(), Pass = 0, Tiles = new TileRange { First = 0, Count = 1 } };

        await _harness.Bus.Publish<Fault<ProcessTile>>(Fault(command, "the blob store is down"));

        var saga = await InStateAsync(machine => machine.Failed);
        Assert.Equal("processing failed after retries: the blob store is down", saga.FailureReason);
        Assert.Single(await SentAsync<RemoveImageIntermediates>());
    }

    [Fact]
    public async Task ProcessTileFault_WhenTheBlobStoreRefused_WaitsOnItUntilTheTileIsProcessed()
    {
        var command = new ProcessTile { Image = _image, Recipe = Recipe(), Pass = 0, Tiles = new TileRange { First = 0, Count = 1 } };
        var refused = new Azure.RequestFailedException(500, "Service request failed.\nStatus: 500 (Internal Server Error)\n\nHeaders: ...");

        await _harness.Bus.Publish<Fault<ProcessTile>>(new FaultEvent<ProcessTile>(command, NewId.NextGuid(), HostMetadataCache.Host, refused, []));

        var waiting = await InStateAsync(machine => machine.Processing, saga => saga.WaitingOn is not null);
        Assert.Equal("the blob store refused the request (HTTP 500; is its disk full?)", waiting.Status.WaitingOn);
        Assert.Null(waiting.FailureReason);
        Assert.Empty(await SentAsync<RemoveImageIntermediates>());
        Assert.False(_harness.Published.Select<ImageFailed>().Any());

        await ProcessAsync(pass: 0, first: 0, count: 1);

        Assert.Null((await InStateAsync(machine => machine.Processing, saga => saga.TilesDone == 1)).WaitingOn);
    }

    [Fact]
    public async Task AssembleImageFault_WhileAssembling_FailsTheImage()
    {
        await ProcessAsync(pass: 0, first: 0, count: Tiles);
        await InStateAsync(machine => machine.Assembling);

        await _harness.Bus.Publish<Fault<AssembleImage>>(Fault(new AssembleImage { Image = _image, Recipe = Recipe() }, "out of memory"));

        await InStateAsync(machine => machine.Failed);
        Assert.Single(await SentAsync<RemoveImageIntermediates>());
    }

    [Fact]
    public async Task ReduceTileStatisticsFault_WhileReducing_FailsTheImage()
    {
        await ProcessAsync(pass: 0, first: 0, count: Tiles, passCount: 2);
        await InStateAsync(machine => machine.Reducing);

        var reduction = new ReduceTileStatistics { Image = _image, Recipe = Recipe(passCount: 2), Pass = 0 };
        await _harness.Bus.Publish<Fault<ReduceTileStatistics>>(Fault(reduction, "the blob store is down"));

        await InStateAsync(machine => machine.Failed);
        Assert.Single(await SentAsync<RemoveImageIntermediates>());
    }

    [Fact]
    public async Task TileProcessed_AfterTheImageFailed_HasWhatItStoredRemovedToo()
    {
        await _harness.Bus.Publish(new TileFailed { Image = _image, Recipe = Recipe(), Reason = "cancelled" });
        await InStateAsync(machine => machine.Failed);

        await ProcessAsync(pass: 0, first: 1, count: 1);
        await _harness.InactivityTask;

        Assert.Equal(2, (await SentAsync<RemoveImageIntermediates>()).Count);
        Assert.Equal(0, (await InStateAsync(machine => machine.Failed)).TilesDone);
    }

    [Fact]
    public async Task Failures_AfterTheImageFailed_AreReportedAgainWithoutAnotherRemoval()
    {
        var failed = new TileFailed { Image = _image, Recipe = Recipe(), Reason = "cancelled" };
        await _harness.Bus.Publish(failed);
        await InStateAsync(machine => machine.Failed);

        await _harness.Bus.Publish(failed);
        await _harness.InactivityTask;

        Assert.Equal(2, _harness.Published.Select<ImageFailed>().Count());
        Assert.Single(await SentAsync<RemoveImageIntermediates>());
    }

    Task ProcessAsync(int pass, int first, int count, int passCount = 1) => _harness.Bus.Publish(new TileProcessed
    {
        Image = _image, Recipe = Recipe(passCount), Pass = pass, Tiles = new TileRange { First = first, Count = count },
    });

    ImageRecipe Recipe(int passCount = 1) => ImageMessages.Tiled(_image, 300, 200, 128) with { PassCount = passCount };

    async Task<ImageState> InStateAsync(Func<ImageStateMachine, State> state, Func<ImageState, bool>? also = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = _saga.Sagas.ContainsInState(_image.ImageId, _saga.StateMachine, state(_saga.StateMachine));
            if (found is not null && (also is null || also(found)))
                return found;
            Assert.True(DateTime.UtcNow < deadline, $"The image saga never reached {state(_saga.StateMachine).Name}.");
            await Task.Delay(20);
        }
    }

    async Task<IReadOnlyList<T>> SentAsync<T>()
        where T : class
    {
        await _harness.InactivityTask;
        return [.. _harness.Sent.Select<T>().Select(sent => sent.Context.Message)];
    }

    static FaultEvent<T> Fault<T>(T message, string error)
        where T : class =>
        new(message, NewId.NextGuid(), HostMetadataCache.Host, new InvalidOperationException(error), []);

    public async Task DisposeAsync() => await _provider.DisposeAsync();
}
