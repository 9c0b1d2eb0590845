using System.Diagnostics;
using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.UnitTests.Support;

/// <summary>
/// Two jobs sharing one fleet, driven through a client's services (an embedded host, or a client of a distributed
/// pipeline), so the embedded and the distributed tests check the same thing. Results are never cached: the
/// batches are copies of one photograph, and every copy must be processed.
/// </summary>
public static class FairnessScenarios
{
    /// <summary>About a tenth of a second of one core per image here: long enough for a batch to be caught running.</summary>
    public const string Operation = "bilateral|bilateral";

    public sealed record InteractiveBehindBatch(TimeSpan Latency, JobProgress BatchWhenItEnded);

    public sealed record TwoBatches(TimeSpan SecondDuration, int FirstDoneWhileBothRan, JobProgress First, JobProgress Second);

    /// <summary>A one-image interactive job on a fleet with nothing else to do, the median of three: the latency to compare with.</summary>
    public static async Task<TimeSpan> InteractiveAloneAsync(IServiceProvider services, string work, CancellationToken cancellationToken)
    {
        // The first job of a process pays for its warm-up (code compiled, connections opened): it is not the measurement.
        await RunAsync(services, Inputs(work, "warm-up", 1), JobPriority.Interactive, Guid.NewGuid(), cancellationToken);
        var latencies = new List<TimeSpan>();
        for (var run = 0; run < 3; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            await RunAsync(services, Inputs(work, $"alone-{run}", 1), JobPriority.Interactive, Guid.NewGuid(), cancellationToken);
            latencies.Add(stopwatch.Elapsed);
        }

        return latencies.Order().ElementAt(1);
    }

    /// <summary>A batch of <paramref name="batchImages"/>, then, once it runs, a one-image interactive job.</summary>
    public static async Task<InteractiveBehindBatch> InteractiveBehindBatchAsync(IServiceProvider services, string work, int batchImages,
        CancellationToken cancellationToken)
    {
        var batchId = await SubmitAsync(services, Inputs(work, "batch", batchImages), JobPriority.Batch, Guid.NewGuid(), cancellationToken);
        await WaitAsync(services, batchId, progress => progress.Done >= 1, cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        await RunAsync(services, Inputs(work, "interactive", 1), JobPriority.Interactive, Guid.NewGuid(), cancellationToken);
        var latency = stopwatch.Elapsed;
        var batch = await ReadAsync(services, batchId, cancellationToken);
        await WaitAsync(services, batchId, progress => progress.HasEnded, cancellationToken);
        return new InteractiveBehindBatch(latency, batch);
    }

    /// <summary>A batch of <paramref name="firstImages"/>, then, once it runs, a second batch on another lane.</summary>
    public static async Task<TwoBatches> SecondBatchWhileFirstRunsAsync(IServiceProvider services, string work, int firstImages, int secondImages,
        CancellationToken cancellationToken)
    {
        var firstId = Guid.NewGuid();
        // The lanes are chosen by a hash of the job id; two jobs on one lane are served in order, as the documentation says.
        var secondId = Guid.NewGuid();
        while (QueueNames.BatchLaneOf(secondId) == QueueNames.BatchLaneOf(firstId))
            secondId = Guid.NewGuid();
        await SubmitAsync(services, Inputs(work, "first", firstImages), JobPriority.Batch, firstId, cancellationToken);
        var firstAtStart = await WaitAsync(services, firstId, progress => progress.Done >= 2, cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        var second = await RunAsync(services, Inputs(work, "second", secondImages), JobPriority.Batch, secondId, cancellationToken);
        var duration = stopwatch.Elapsed;
        var first = await ReadAsync(services, firstId, cancellationToken);
        await WaitAsync(services, firstId, progress => progress.HasEnded, cancellationToken);
        return new TwoBatches(duration, first.Done - firstAtStart.Done, first, second);
    }

    static IReadOnlyList<string> Inputs(string work, string name, int count)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, name)).FullName;
        var photo = SampleImages.Files().Single(file => Path.GetFileName(file) == "astronaut.png");
        return Enumerable.Range(0, count).Select(index =>
        {
            var path = Path.Combine(folder, $"{name}-{index:D3}.png");
            File.Copy(photo, path, overwrite: true);
            return path;
        }).ToArray();
    }

    static async Task<Guid> SubmitAsync(IServiceProvider services, IReadOnlyList<string> files, JobPriority priority, Guid jobId,
        CancellationToken cancellationToken)
    {
        var request = new JobRequest(files, Operation, JobRequest.DefaultTileSize) { JobId = jobId, Priority = priority, Caching = ResultCaching.Off };
        var manifest = await services.GetRequiredService<JobSubmitter>().SubmitAsync(request, null, cancellationToken);
        return manifest.JobId;
    }

    static async Task<JobProgress> RunAsync(IServiceProvider services, IReadOnlyList<string> files, JobPriority priority, Guid jobId,
        CancellationToken cancellationToken)
    {
        await SubmitAsync(services, files, priority, jobId, cancellationToken);
        var progress = await WaitAsync(services, jobId, progress => progress.HasEnded, cancellationToken);
        Assert.True(progress.Done == progress.ImageCount, $"job {jobId}: {progress.Failed} of {progress.ImageCount} images failed");
        return progress;
    }

    static async Task<JobProgress> WaitAsync(IServiceProvider services, Guid jobId, Func<JobProgress, bool> until, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await services.GetRequiredService<JobStatusReader>().TryReadAsync(jobId, cancellationToken) is { } progress && until(progress))
                return progress;
            await Task.Delay(25, cancellationToken);
        }
    }

    static async Task<JobProgress> ReadAsync(IServiceProvider services, Guid jobId, CancellationToken cancellationToken) =>
        await services.GetRequiredService<JobStatusReader>().TryReadAsync(jobId, cancellationToken)
        ?? throw new InvalidOperationException($"job {jobId} has no manifest");
}
