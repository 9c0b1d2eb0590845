using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.UnitTests.Faults;

/// <summary>The configurable limits on one job: what goes past them fails with a reason naming the setting, the rest is processed.</summary>
public sealed class ResourceLimitTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-limits-").FullName;

    [Fact]
    public async Task Submit_WhenTheJobWouldExceedMaxTilesPerJob_FailsTheImagesPastTheBudget()
    {
        // 512 x 512 photos in 128-px tiles are 16 tiles each: a budget of 40 takes two of three.
        var inputs = SampleImages.Files().Where(f => f.EndsWith("astronaut.png") || f.EndsWith("camera.png")).ToList();
        inputs.Add(Path.Combine(_work, "third.png"));
        File.Copy(inputs[0], inputs[2]);

        var progress = await RunAsync(inputs, tileSize: 128, ("Processing:MaxTilesPerJob", "40"));

        Assert.Equal(2, progress.Done);
        Assert.Contains("Processing:MaxTilesPerJob", Assert.Single(progress.Images, i => i.Outcome == ImageOutcome.Failed).FailureReason);
    }

    [Fact]
    public async Task Submit_WhenAFileIsLargerThanMaxFileBytes_FailsItBeforeReadingIt()
    {
        var small = Path.Combine(_work, "small.png");
        File.WriteAllBytes(small, File.ReadAllBytes(SampleImages.Files().First(f => f.EndsWith("clock_motion.png"))));
        var large = SampleImages.Files().First(f => f.EndsWith("hubble_deep_field.jpg"));
        var limit = new FileInfo(small).Length + 1;

        var progress = await RunAsync([small, large], tileSize: 2048, ("Processing:MaxFileBytes", limit.ToString()));

        Assert.Equal(ImageOutcome.Done, progress.Images[0].Outcome);
        Assert.Equal(ImageOutcome.Failed, progress.Images[1].Outcome);
        Assert.Contains("Processing:MaxFileBytes", progress.Images[1].FailureReason);
    }

    async Task<JobProgress> RunAsync(IReadOnlyList<string> inputs, int tileSize, (string Key, string Value) setting)
    {
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null,
            builder => builder.Configuration[setting.Key] = setting.Value);
        await host.StartAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var manifest = await host.Services.GetRequiredService<JobSubmitter>()
                .SubmitAsync(new JobRequest(inputs, "invert", tileSize), null, timeout.Token);
            return await host.Services.GetRequiredService<JobWaiter>().WaitAsync(manifest, TimeSpan.FromMilliseconds(50), null, timeout.Token);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
