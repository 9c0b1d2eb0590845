using ImagePipeline.Client.Submitting;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.UnitTests.Pipeline;

/// <summary>
/// Once a tiled image is assembled only its output remains: every tile, statistic and parameter blob is gone;
/// once it fails (here: its job cancelled), none of them remains either.
/// </summary>
public sealed class IntermediateCleanupTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-cleanup-").FullName;

    // Both embedded stores: watch's folder, and run's thrown-away one, which holds small tiles in memory.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Job_WithTiledPasses_LeavesNoIntermediateBlobsBehind(bool throwawayStore)
    {
        var inputs = SampleImages.Files().Take(2).ToArray();
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null, throwawayStore: throwawayStore);
        await host.StartAsync();
        try
        {
            // Two passes (a global step in the middle) in 64 px tiles: inputs, statistics, parameters and results all made.
            var (manifest, progress) = await EmbeddedRun.OnHostAsync(host, new JobRequest(inputs, "gaussian|equalize|invert", 64),
                Path.Combine(_work, "out"));
            Assert.Equal(inputs.Length, progress.Done);

            var left = new List<string>();
            await foreach (var key in host.Services.GetRequiredService<IBlobStore>().ListKeysAsync(StoreLayout.Job(manifest.JobId), default))
                left.Add(key);

            Assert.All(manifest.Images, image => Assert.True(image.TileCount > 1 && image.Passes == 2));
            // A tiled image is stored only as its tiles (no source blob), so the manifest and outputs are all that may remain.
            var expected = manifest.Images.Select(image => image.OutputKey).Append(StoreLayout.Manifest(manifest.JobId)).Order(StringComparer.Ordinal);
            Assert.Equal(expected, left.Order(StringComparer.Ordinal));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Job_WhenCancelled_LeavesNoIntermediateBlobsBehind(bool throwawayStore)
    {
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null, throwawayStore: throwawayStore);
        var blobs = host.Services.GetRequiredService<IBlobStore>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var inputs = SampleImages.Files().Take(2).ToArray();
            var (manifest, progress) = await EmbeddedRun.CancelledFromTheStartAsync(host, new JobRequest(inputs, "gaussian|equalize|invert", 64),
                timeout.Token);
            var jobId = manifest.JobId;
            Assert.All(progress.Images, image => Assert.Equal(JobCancellation.Reason, image.FailureReason));
            Assert.All(manifest.Images, image => Assert.True(image.TileCount > 1));

            // Each image's removal is queued when it fails, so it may land a moment after the job ends.
            var left = await IntermediatesOfAsync(blobs, jobId);
            while (left.Count > 0 && !timeout.IsCancellationRequested)
            {
                await Task.Delay(50, CancellationToken.None);
                left = await IntermediatesOfAsync(blobs, jobId);
            }

            Assert.Empty(left);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    static async Task<List<string>> IntermediatesOfAsync(IBlobStore blobs, Guid jobId)
    {
        var keys = new List<string>();
        await foreach (var key in blobs.ListKeysAsync(StoreLayout.Job(jobId), default))
            if (StoreLayout.IsIntermediate(key))
                keys.Add(key);
        return keys;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
