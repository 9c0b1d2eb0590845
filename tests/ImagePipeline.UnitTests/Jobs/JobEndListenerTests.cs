using ImagePipeline.Orchestration.Jobs;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.UnitTests.Jobs;

/// <summary>A wait ends when its job does, not at its next poll: the process hears <c>JobCompleted</c>.</summary>
public sealed class JobEndListenerTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-job-ends-").FullName;

    [Fact]
    public async Task Wait_WithAPollIntervalLongerThanTheTest_EndsWhenTheJobEnds()
    {
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await host.StartAsync(deadline.Token);
        try
        {
            var services = host.Services;
            Assert.True(await services.GetRequiredService<JobEndListener>().EnsureListeningAsync().WaitAsync(deadline.Token));
            var manifest = await services.GetRequiredService<JobSubmitter>()
                .SubmitAsync(new JobRequest(SampleImages.Files().Take(2).ToArray(), "bilateral", 64), null, deadline.Token);
            var polls = new RecordingProgress();

            // Only the first poll comes by the interval; without the job's end heard, the deadline cancels the wait.
            var progress = await services.GetRequiredService<JobWaiter>()
                .WaitAsync(manifest, TimeSpan.FromMinutes(10), polls, deadline.Token);

            Assert.Equal(2, progress.Done);
            Assert.False(polls.Reports[0].HasEnded, "the job must still be running at the first poll for this test to show anything");
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
