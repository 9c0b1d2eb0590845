using System.Diagnostics;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Load;

/// <summary>
/// Thousands of small images through two processors: everything completes exactly, memory stays
/// flat and the queues drain. Too slow for every CI run: scripts/test.sh leaves the Load category
/// out unless IMAGEPIPE_LOAD_IMAGES is set (docs/RELIABILITY.md gives the command).
/// </summary>
[Trait("Category", "Load")]
public sealed class BatchLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-load-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    [Fact]
    public async Task Submit_WithThousandsOfSmallImages_CompletesExactlyWithFlatMemory()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("IMAGEPIPE_LOAD_IMAGES"), out var n) ? n : 5000;
        var inputs = WriteSmallImages(Path.Combine(_work, "in"), count);
        var processors = new[] { _pipeline.StartProcessor("processor-1", concurrentTiles: 2), _pipeline.StartProcessor("processor-2", concurrentTiles: 2) };
        await Task.Delay(TimeSpan.FromSeconds(3));
        var memoryAtStart = processors.Select(ResidentMegabytes).ToArray();

        var clock = Stopwatch.StartNew();
        var jobId = await _pipeline.SubmitAsync(inputs, "gaussian", tileSize: 2048);
        var submitted = clock.Elapsed;
        var progress = await _pipeline.WaitForJobAsync(jobId, TimeSpan.FromMinutes(30));
        var finished = clock.Elapsed;
        var memoryAtEnd = processors.Select(ResidentMegabytes).ToArray();

        output.WriteLine($"{count} images: submitted in {submitted.TotalSeconds:0.0} s, all ended after {finished.TotalSeconds:0.0} s " +
            $"({count / finished.TotalSeconds:0.0} images/s); processor RSS MB start {string.Join("/", memoryAtStart)}, end {string.Join("/", memoryAtEnd)}");
        await _pipeline.DownloadAndAssertAsync(jobId, progress, "gaussian", Path.Combine(_work, "out"));
        Assert.All(processors, p => Assert.False(p.HasExited, $"{p.Name} exited:\n{p.Output}"));
    }

    static string WriteSmallImages(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var photos = SampleImages.Files().Select(file => Cv2.ImRead(file, ImreadModes.Color)).ToArray();
        for (var i = 0; i < count; i++)
        {
            var photo = photos[i % photos.Length];
            using var crop = new Mat(photo, new Rect(i * 7 % (photo.Width - 64), i * 3 % (photo.Height - 48), 64, 48));
            Cv2.ImWrite(Path.Combine(folder, $"small-{i:D5}.png"), crop);
        }

        foreach (var photo in photos)
            photo.Dispose();
        return folder;
    }

    static long ResidentMegabytes(PipelineProcess process) =>
        File.ReadLines($"/proc/{process.Id}/status").Where(line => line.StartsWith("VmRSS:"))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).Single();

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
