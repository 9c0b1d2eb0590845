using System.Diagnostics;
using ImagePipeline.Client;
using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Contracts;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;
using Microsoft.Extensions.Hosting;
using OpenCvSharp;
using Xunit.Abstractions;

namespace ImagePipeline.UnitTests.Pipeline;

/// <summary>Work never done twice: the same input with the same recipe is served from the kept output.</summary>
public sealed class ResultCacheTests(ITestOutputHelper log) : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-cache-").FullName;

    [Fact]
    public async Task Submit_WhenTheSameImagesAndRecipeComeAgain_ServesTheKeptOutputsWithoutQueuingWork()
    {
        var inputs = SampleImages.Files().Take(4).ToArray();
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null);
        await host.StartAsync();
        try
        {
            var fresh = Stopwatch.StartNew();
            var (first, firstProgress) = await RunAsync(host, new JobRequest(inputs, "gaussian|contrast_stretching", 200), "first");
            fresh.Stop();
            var repeated = Stopwatch.StartNew();
            var (second, secondProgress) = await RunAsync(host, new JobRequest(inputs, "gaussian|contrast_stretching", 96), "second");
            repeated.Stop();
            var (other, _) = await RunAsync(host, new JobRequest(inputs, "gaussian|contrast_stretching", 200)
            {
                OutputEncoding = new OutputEncoding { Format = "tiff" },
            }, "other-format");
            log.WriteLine($"fresh batch {fresh.Elapsed.TotalSeconds:F2} s, repeated batch {repeated.Elapsed.TotalSeconds:F2} s");

            Assert.All(first.Images, image => Assert.False(image.FromCache));
            // Another tile size is the same recipe: tiled and whole give the same pixels.
            Assert.All(second.Images, image => Assert.True(image.FromCache));
            Assert.Equal(inputs.Length, secondProgress.Done);
            // Another output format is another recipe.
            Assert.All(other.Images, image => Assert.False(image.FromCache));
            await AssertSameOutputsAsync(("first", firstProgress), ("second", secondProgress));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Submit_WithoutReusingResults_ProcessesAgainToTheSameBytes()
    {
        var inputs = SampleImages.Files().Take(2).ToArray();
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null);
        await host.StartAsync();
        try
        {
            var (first, firstProgress) = await RunAsync(host, new JobRequest(inputs, "median:ksize=5", 256), "first");
            var (again, againProgress) = await RunAsync(host, new JobRequest(inputs, "median:ksize=5", 256) { Caching = ResultCaching.Refresh }, "again");

            Assert.All(again.Images, image => Assert.False(image.FromCache));
            Assert.Equal(inputs.Length, againProgress.Done);
            await AssertSameOutputsAsync(("first", firstProgress), ("again", againProgress));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Submit_WithCachingOff_KeepsNothingAndProcessesTheSameImagesAgain()
    {
        var inputs = SampleImages.Files().Take(2).ToArray();
        var store = Path.Combine(_work, "store");
        using var host = ClientHosts.Embedded(store, configFile: null);
        await host.StartAsync();
        try
        {
            var (first, firstProgress) = await RunAsync(host, new JobRequest(inputs, "gaussian", 256) { Caching = ResultCaching.Off }, "first");
            var (again, againProgress) = await RunAsync(host, new JobRequest(inputs, "gaussian", 256) { Caching = ResultCaching.Off }, "again");

            Assert.All(first.Images.Concat(again.Images), image => Assert.False(image.FromCache));
            Assert.Equal(inputs.Length, againProgress.Done);
            Assert.False(Directory.Exists(Path.Combine(store, "cache")), "a job with caching off kept results");
            await AssertSameOutputsAsync(("first", firstProgress), ("again", againProgress));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Submit_WhenTheInputChanges_ProcessesItAgain()
    {
        var input = Path.Combine(_work, "photo.png");
        using (var photo = Cv2.ImRead(SampleImages.Files()[0]))
            Cv2.ImWrite(input, photo);
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null);
        await host.StartAsync();
        try
        {
            await RunAsync(host, new JobRequest([input], "invert", 256), "before");
            using (var photo = Cv2.ImRead(input))
            {
                Cv2.Rectangle(photo, new Rect(0, 0, 5, 5), Scalar.All(0), -1);
                Cv2.ImWrite(input, photo);
            }

            var (changed, _) = await RunAsync(host, new JobRequest([input], "invert", 256), "after");

            Assert.False(Assert.Single(changed.Images).FromCache);
            using var output = Cv2.ImRead(Path.Combine(_work, "after", changed.Images[0].OutputName));
            Assert.Equal(new Vec3b(255, 255, 255), output.At<Vec3b>(2, 2));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    async Task AssertSameOutputsAsync((string Folder, JobProgress Progress) one, (string Folder, JobProgress Progress) other)
    {
        foreach (var (a, b) in one.Progress.Images.Zip(other.Progress.Images))
        {
            Assert.Equal(
                await File.ReadAllBytesAsync(Path.Combine(_work, one.Folder, a.OutputName)),
                await File.ReadAllBytesAsync(Path.Combine(_work, other.Folder, b.OutputName)));
        }
    }

    Task<(JobManifest Manifest, JobProgress Progress)> RunAsync(IHost host, JobRequest request, string output) =>
        EmbeddedRun.OnHostAsync(host, request, Path.Combine(_work, output));

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
