using Xunit.Abstractions;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.UnitTests.Fairness;

/// <summary>
/// The embedded pipeline (serve, watch) shares its cores between jobs as the distributed one does: an interactive
/// job goes ahead of a running batch, and a second batch does not wait for the first.
/// </summary>
public sealed class EmbeddedFairnessTests(ITestOutputHelper log) : IDisposable
{
    const int LargeBatch = 50;

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-fair-").FullName;

    [Fact]
    public async Task InteractiveJob_SubmittedBehindARunningBatch_EndsWhileMostOfTheBatchWaits()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null);
        await host.StartAsync(deadline.Token);
        try
        {
            var alone = await FairnessScenarios.InteractiveAloneAsync(host.Services, _work, deadline.Token);
            var behind = await FairnessScenarios.InteractiveBehindBatchAsync(host.Services, _work, LargeBatch, deadline.Token);

            log.WriteLine($"one-image interactive job: alone {alone.TotalSeconds:F2} s, behind a {LargeBatch}-image batch {behind.Latency.TotalSeconds:F2} s " +
                          $"(batch {behind.BatchWhenItEnded.Done}/{LargeBatch} done then)");
            // In submission order it would end after the whole batch; a third of the batch is a wide margin for a loaded machine.
            Assert.True(behind.BatchWhenItEnded.Done <= LargeBatch * 2 / 3,
                $"the interactive job ended only once {behind.BatchWhenItEnded.Done} of {LargeBatch} batch images were done");
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task SecondBatch_SubmittedWhileTheFirstRuns_EndsBeforeIt_AndBothProgress()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store"), configFile: null);
        await host.StartAsync(deadline.Token);
        try
        {
            // The first batch runs alone while the second is being stored and queued: on a fast machine that alone is
            // a few dozen images, so the first batch is large enough for "before it ends" to mean something.
            const int firstBatch = 120;
            var run = await FairnessScenarios.SecondBatchWhileFirstRunsAsync(host.Services, _work, firstBatch, 16, deadline.Token);

            log.WriteLine($"second batch of 16: {run.SecondDuration.TotalSeconds:F2} s; first batch did {run.FirstDoneWhileBothRan} images meanwhile " +
                          $"({run.First.Done}/{firstBatch} done when the second ended)");
            Assert.True(run.First.Done < firstBatch - 20, $"the second batch ended only once {run.First.Done} of {firstBatch} first-batch images were done");
            // Turns alternate, so the first batch does about as many images as the second meanwhile; a third is the margin.
            Assert.True(run.FirstDoneWhileBothRan >= 16 / 3, $"the first batch did {run.FirstDoneWhileBothRan} images while the second ran");
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
