using ImagePipeline.Client;
using ImagePipeline.Client.Progress;
using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.UnitTests.Faults;

/// <summary>
/// A message that can never succeed does not loop: a tile whose input is gone for good ends its image at once, with a
/// reason naming the blob (a fault of any other kind is retried a bounded number of times, then fails its image).
/// </summary>
public sealed class PoisonMessageTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-poison-").FullName;

    [Fact]
    public async Task ProcessTile_WhenItsInputIsGoneForGood_ItsImageFailsNamingTheBlob()
    {
        using var host = ClientHosts.Embedded(_work, configFile: null, builder =>
            builder.Configuration["Processing:RetryDelaysMs:0"] = "10");
        await host.StartAsync();
        // An image that travels whole, whose source was never stored.
        var image = ImageMessages.NewImage();
        var command = Assert.Single(ImageLayout.Of(image, ImageMessages.Whole(image, "invert")).CommandsFor(pass: 0));
        var tiles = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(QueueNames.ProcessTileAddress(image.JobId, JobPriority.Batch));

        await tiles.Send(command);

        var manifest = new JobManifest
        {
            JobId = image.JobId, Operation = "invert", SubmittedAt = DateTimeOffset.UtcNow, TileSize = 2048,
            Images =
            [
                new ManifestImage
                {
                    Index = 0, ImageId = image.ImageId, SourceName = "lost.png", OutputName = "lost.png", OutputKey = command.Recipe.OutputKey, TileCount = 1,
                },
            ],
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var progress = await host.Services.GetRequiredService<JobWaiter>().WaitAsync(manifest, TimeSpan.FromMilliseconds(50), null, timeout.Token);

        var failed = Assert.Single(progress.Images);
        Assert.Equal(ImageOutcome.Failed, failed.Outcome);
        Assert.Contains("its input is gone", failed.FailureReason);
        Assert.Contains("No blob", failed.FailureReason);
        await host.StopAsync();
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
