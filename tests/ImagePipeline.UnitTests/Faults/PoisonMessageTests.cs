using ImagePipeline.Client;
using ImagePipeline.Client.Progress;
using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Submitter.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.UnitTests.Faults;

/// <summary>A message that fails every time is retried a bounded number of times, then parked, and its image fails with a reason.</summary>
public sealed class PoisonMessageTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-poison-").FullName;

    [Fact]
    public async Task ProcessTile_WhenItsInputIsGoneForGood_IsRetriedThenParkedAndItsImageFails()
    {
        using var host = ClientHosts.Embedded(_work, configFile: null, builder =>
            builder.Configuration["Processing:RetryDelaysMs:0"] = "10");
        await host.StartAsync();
        var jobId = NewId.NextGuid();
        var imageId = NewId.NextGuid();
        var outputKey = JobKeys.Output(jobId, "lost.png");
        var tiles = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(QueueNames.Address(QueueNames.ProcessTile));

        await tiles.Send(new ProcessTile
        {
            JobId = jobId, ImageId = imageId, ImageIndex = 0, ImageCount = 1, TileIndex = 0,
            Geometry = new ImageGeometry { Width = 8, Height = 8, TileSize = 2048, TileCount = 1 },
            Operation = "invert", InputKey = JobKeys.Source(jobId, 0), InputKind = TileInputKind.EncodedImage,
            Keep = new TileRegion { X = 0, Y = 0, Width = 8, Height = 8 },
            ResultKey = outputKey, OutputKey = outputKey, IsWholeImage = true,
        });

        var manifest = new JobManifest
        {
            JobId = jobId, Operation = "invert", SubmittedAt = DateTimeOffset.UtcNow, TileSize = 2048,
            Images = [new ManifestImage { Index = 0, ImageId = imageId, SourceName = "lost.png", OutputName = "lost.png", OutputKey = outputKey, TileCount = 1 }],
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var progress = await host.Services.GetRequiredService<JobWaiter>().WaitAsync(manifest, TimeSpan.FromMilliseconds(50), null, timeout.Token);

        var image = Assert.Single(progress.Images);
        Assert.Equal(ImageOutcome.Failed, image.Outcome);
        Assert.Contains("after retries", image.FailureReason);
        Assert.Contains("No blob", image.FailureReason);
        await host.StopAsync();
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
