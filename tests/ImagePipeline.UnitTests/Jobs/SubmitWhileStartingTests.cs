using ImagePipeline.Client.Downloads;
using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Storage;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Jobs;

/// <summary>
/// A job submitted while its host is still starting: its inputs are stored, decoded and cut meanwhile, its
/// messages wait for the bus, and if the bus never starts nothing it stored is left behind.
/// </summary>
public sealed class SubmitWhileStartingTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-starting-").FullName;

    [Fact]
    public async Task Submit_BeforeTheHostHasStarted_StoresTheInputsThenQueuesThemOnceItHas()
    {
        var input = SampleImages.Files()[0];
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var services = host.Services;

        var submitting = services.GetRequiredService<JobSubmitter>().SubmitAsync(new JobRequest([input], "gaussian", 96), null, deadline.Token);
        await WaitForJobBlobsAsync(services.GetRequiredService<IBlobStore>(), deadline.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        Assert.False(submitting.IsCompleted, "the submit must wait for the bus before its first message");

        await host.StartAsync(deadline.Token);
        try
        {
            var manifest = await submitting;
            var progress = await services.GetRequiredService<JobWaiter>().WaitAsync(manifest, TimeSpan.FromMilliseconds(50), null, deadline.Token);
            var output = Path.Combine(_work, "out");
            await services.GetRequiredService<ResultDownloader>().DownloadAsync(manifest, progress, output, deadline.Token);

            var image = Assert.Single(progress.Images);
            Assert.Equal(ImageOutcome.Done, image.Outcome);
            Assert.True(image.TileCount > 1);
            using var expected = OperationCatalog.Get("gaussian").Apply(ImageCodec.DecodeBgr(File.ReadAllBytes(input)));
            using var actual = Cv2.ImRead(Path.Combine(output, image.OutputName), ImreadModes.Unchanged);
            MatAssert.Identical(expected, actual);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task StartAlongside_WhenTheHostFailsToStart_ThrowsItsErrorAndLeavesNothingStored()
    {
        var inputs = SampleImages.Files().Take(3).ToArray();
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null,
            builder => builder.Services.AddHostedService<FailsOnceAJobHasStoredSomething>());
        var services = host.Services;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAlongsideAsync(TimeSpan.FromSeconds(30),
            token => services.GetRequiredService<JobSubmitter>().SubmitAsync(new JobRequest(inputs, "invert", 128), null, token),
            CancellationToken.None));

        Assert.Equal(FailsOnceAJobHasStoredSomething.Message, failure.Message);
        Assert.Empty(await services.GetRequiredService<IBlobStore>().ListKeysAsync("jobs/", CancellationToken.None).ToListAsync());
    }

    static async Task WaitForJobBlobsAsync(IBlobStore blobs, CancellationToken cancellationToken)
    {
        while (!await blobs.ListKeysAsync("jobs/", cancellationToken).AnyAsync(cancellationToken))
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
    }

    /// <summary>A start that fails late: after the job submitted alongside it has stored an input.</summary>
    sealed class FailsOnceAJobHasStoredSomething(IBlobStore blobs) : IHostedService
    {
        public const string Message = "This host does not start.";

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await WaitForJobBlobsAsync(blobs, cancellationToken);
            throw new InvalidOperationException(Message);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
