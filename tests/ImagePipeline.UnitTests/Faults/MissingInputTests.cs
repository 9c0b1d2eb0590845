using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Caching;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Support;
using ImagePipeline.Workers;
using ImagePipeline.Workers.Assembly;
using ImagePipeline.Workers.Cleanup;
using ImagePipeline.Workers.Tiles;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.UnitTests.Faults;

/// <summary>
/// A blob that work reads and is gone for good (a store that lost writes it had acknowledged): the work ends its image
/// at once with a reason naming the blob, without retrying, and no message is left faulted in an error queue for ever.
/// </summary>
public sealed class MissingInputTests : IAsyncLifetime
{
    readonly MemoryBlobStore _blobs = new();
    readonly ImageIdentity _image = ImageMessages.NewImage();
    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddSingleton<IBlobStore>(_blobs)
            .AddSingleton(Options.Create(new ProcessingOptions { RetryDelaysMs = [10] }))
            .AddSingleton<JobCancellation>().AddSingleton<ResultCache>().AddSingleton<OutputWriter>().AddSingleton<ImageCleanup>()
            .AddSingleton<ImageAssembler>().AddSingleton<TileTurns>()
            .AddSingleton(provider => ImageMessages.WorkerOver(provider.GetRequiredService<IBlobStore>()))
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddConsumer<AssembleImageConsumer, AssembleImageConsumerDefinition>();
                bus.AddProcessTileConsumer();
                bus.UsingInMemory((context, transport) =>
                {
                    transport.ConfigureProcessTileLanes(context);
                    transport.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(validateScopes: true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    [Fact]
    public async Task AssembleImage_WhenItsTileResultsAreGoneForGood_FailsTheImageNamingTheBlobAtOnce()
    {
        var recipe = ImageMessages.Tiled(_image, 300, 200, 128);

        await (await _harness.Bus.GetSendEndpoint(QueueNames.AssembleImageAddress)).Send(new AssembleImage { Image = _image, Recipe = recipe });

        var failed = await SingleAsync<ImageFailed>();
        Assert.Equal(_image, failed.Image);
        // One blob on Azure, a blob per part in memory: either way the key names the image's results.
        Assert.StartsWith($"its input is gone: No blob with key '{ImageLayout.Of(_image, recipe).Results.Key}", failed.Reason, StringComparison.Ordinal);
        Assert.True(await _harness.Sent.Any<RemoveImageIntermediates>(), "what the image's tiles stored is removed");
        Assert.False(await _harness.Published.Any<Fault<AssembleImage>>(), "nothing may be left in the error queue");
        Assert.Null(Assert.Single(_harness.Consumed.Select<AssembleImage>()).Exception);
    }

    [Fact]
    public async Task ProcessTile_WhenItsInputPackIsGoneForGood_FailsItsTileNamingTheBlobAtOnce()
    {
        var recipe = ImageMessages.Tiled(_image, 300, 200, 128);
        var layout = ImageLayout.Of(_image, recipe);
        var command = layout.CommandsFor(pass: 0)[0];

        await (await _harness.Bus.GetSendEndpoint(QueueNames.ProcessTileAddress(_image.JobId, JobPriority.Batch))).Send(command);

        var failed = await SingleAsync<TileFailed>();
        Assert.Equal((_image, recipe), (failed.Image, failed.Recipe));
        Assert.Equal($"its input is gone: No blob with key '{layout.InputPackKey(layout.PackOf(command.Tiles))}'.", failed.Reason);
        Assert.False(await _harness.Published.Any<Fault<ProcessTile>>(), "nothing may be left in the error queue");
    }

    async Task<T> SingleAsync<T>()
        where T : class
    {
        Assert.True(await _harness.Published.Any<T>(), $"no {typeof(T).Name} was published");
        return Assert.Single(_harness.Published.Select<T>()).Context.Message;
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();
}
