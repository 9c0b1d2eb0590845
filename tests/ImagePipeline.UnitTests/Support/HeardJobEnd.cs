using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.UnitTests.Support;

/// <summary>Shows that a wait ends when its job does, not at its next poll: the process heard <c>JobCompleted</c>.</summary>
public static class HeardJobEnd
{
    /// <summary>
    /// Submits two sample images and waits for them with a poll interval longer than any test: only the first poll
    /// comes by the interval, so had the end not been heard, <paramref name="cancellationToken"/> would cancel the wait.
    /// </summary>
    public static async Task AssertWaitEndsWithTheJobAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var manifest = await services.GetRequiredService<JobSubmitter>()
            .SubmitAsync(new JobRequest(SampleImages.Files().Take(2).ToArray(), "bilateral", 96), null, cancellationToken);
        var polls = new RecordingProgress();

        var progress = await services.GetRequiredService<JobWaiter>().WaitAsync(manifest, TimeSpan.FromMinutes(10), polls, cancellationToken);

        Assert.Equal(2, progress.Done);
        Assert.False(polls.Reports[0].HasEnded, "the job must still be running at the first poll for this to show anything");
    }
}
