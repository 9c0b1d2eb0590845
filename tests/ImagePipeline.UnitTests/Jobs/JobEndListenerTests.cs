using ImagePipeline.Client.Progress;
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
            await HeardJobEnd.AssertWaitEndsWithTheJobAsync(services, deadline.Token);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
