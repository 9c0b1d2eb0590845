using ImagePipeline.Client.Catalog;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Storage;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.UnitTests.Doors;

/// <summary>The cancelled marker on the embedded pipeline: queued tiles are drained, nothing is written, the job ends cancelled.</summary>
public sealed class CancellationTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-cancel-").FullName;

    [Fact]
    public async Task Cancel_WhenMarkedBeforeTilesRun_EndsCancelledWithNoOutputs()
    {
        using var host = ClientHosts.Embedded(_work, configFile: null);
        var blobs = host.Services.GetRequiredService<IBlobStore>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var inputs = SampleImages.Files().Take(2).ToArray();
            var (manifest, progress) = await EmbeddedRun.CancelledFromTheStartAsync(host, new JobRequest(inputs, "bilateral", 128), timeout.Token);
            var jobId = manifest.JobId;

            Assert.All(progress.Images, image => Assert.Equal(JobCancellation.Reason, image.FailureReason));
            foreach (var image in manifest.Images)
                Assert.False(await blobs.ExistsAsync(image.OutputKey, timeout.Token));
            // The images' ends reach the job saga a moment after their own state says so.
            var catalog = host.Services.GetRequiredService<JobCatalog>();
            var state = (await catalog.TryGetAsync(jobId, timeout.Token))!.State;
            for (var attempt = 0; state != "cancelled" && attempt < 100; attempt++)
            {
                await Task.Delay(50, timeout.Token);
                state = (await catalog.TryGetAsync(jobId, timeout.Token))!.State;
            }

            Assert.Equal("cancelled", state);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
