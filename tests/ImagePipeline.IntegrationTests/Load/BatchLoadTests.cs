using System.Diagnostics;
using System.Globalization;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Status;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Load;

/// <summary>
/// Thousands of small images through two processors (which also host the sagas, as deployed by
/// default): everything completes exactly, memory levels off and the queues drain. Too slow for
/// every CI run: scripts/test.sh leaves the Load category out unless IMAGEPIPE_LOAD_IMAGES is set
/// (docs/RELIABILITY.md gives the command).
/// </summary>
[Trait("Category", "Load")]
public sealed class BatchLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>How often the resident memory of every pipeline process is read.</summary>
    static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// "Levels off": the highest RSS in the second half of a process's samples may exceed the highest
    /// in the first half by at most this share of the latter, or <see cref="LateGrowthFloorMb"/>,
    /// whichever is larger. Warm-up (JIT, pools, the GC settling on its heap size) happens in the first
    /// half; a leak keeps setting new peaks, by about as much in the second half as in the first.
    /// </summary>
    const double LateGrowthShare = 0.10;

    /// <summary>Room for the GC saw-tooth of a small process (a 60 MB process may swing by more than 10%).</summary>
    const double LateGrowthFloorMb = 16;

    /// <summary>Fewer samples than this cover too little time to tell warm-up from growth.</summary>
    const int MinimumSamplesToJudge = 12;

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-load-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    [Fact]
    public async Task Submit_WithThousandsOfSmallImages_CompletesExactlyWithFlatMemory()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("IMAGEPIPE_LOAD_IMAGES"), out var n) ? n : 5000;
        var inputs = WriteSmallImages(Path.Combine(_work, "in"), count);
        await using var memory = new ResidentMemorySampler(SampleInterval);
        var processors = new[] { _pipeline.StartProcessor("processor-1", concurrentTiles: 2), _pipeline.StartProcessor("processor-2", concurrentTiles: 2) };
        foreach (var processor in processors)
            memory.Add(processor.Name, processor.Id);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var clock = Stopwatch.StartNew();
        var progressSeries = new List<string>();
        try
        {
            var submitter = _pipeline.StartCli("imagepipe submit", "submit", inputs, "--op", "gaussian", "--tile-size", "2048");
            memory.Add(submitter.Name, submitter.Id);
            var submitExit = await submitter.WaitForExitAsync(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(count * 0.5));
            Assert.True(submitExit == 0, submitter.Output);
            var jobId = Guid.Parse(submitter.Output.Trim());
            var submitted = clock.Elapsed;
            output.WriteLine($"{count} images submitted in {submitted.TotalSeconds:0.0} s ({count / submitted.TotalSeconds:0.0} images/s)");

            var endedAtSubmit = await WaitForJobSagaAsync(jobId, count, clock, TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(count * 0.5), progressSeries);
            var finished = clock.Elapsed;
            await memory.StopAsync();
            output.WriteLine($"{count} images: all ended after {finished.TotalSeconds:0.0} s ({count / finished.TotalSeconds:0.00} images/s overall, " +
                $"{(count - endedAtSubmit) / (finished - submitted).TotalSeconds:0.00} images/s after submission ended)");

            var progress = await _pipeline.Status.TryReadAsync(jobId, CancellationToken.None);
            Assert.NotNull(progress);
            Assert.True(progress.HasEnded, $"The job saga counted every image, the images' own states disagree: {progress.Done} done, {progress.Failed} failed");
            var verify = Stopwatch.StartNew();
            await _pipeline.DownloadAndAssertAsync(jobId, progress, "gaussian", Path.Combine(_work, "out"));
            output.WriteLine($"every output verified (pixel-exact, written once, {progress.Done}/{count} done) and queues drained " +
                $"({await QueueCountsAsync()}) in {verify.Elapsed.TotalSeconds:0.0} s");
            Assert.All(processors, p => Assert.False(p.HasExited, $"{p.Name} exited:\n{p.Output}"));
        }
        finally
        {
            // Printed whatever happened, so a failed or stuck run still shows how far it got and how memory went.
            output.WriteLine($"progress every {ProgressInterval.TotalSeconds:0} s once submission ended (t = s since submission began; " +
                "ended = images the job saga has counted; queues = messages ready or unacknowledged):");
            foreach (var line in progressSeries)
                output.WriteLine("  " + line);
            foreach (var s in await memory.StopAsync())
                output.WriteLine(s.Describe());
        }

        var verdicts = (await memory.StopAsync()).Select(Judge).ToArray();
        foreach (var verdict in verdicts)
            output.WriteLine(verdict.Text);
        Assert.All(verdicts, verdict => Assert.True(verdict.LevelsOff, verdict.Text));
    }

    static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Waits on the job saga's own count, one small blob read a second. Polling the full status (every
    /// image's saga blob) would load Azurite and the two cores with thousands of reads a second and
    /// slow the very pipeline being measured; the full status is read once, at the end, and checked.
    /// Gives up early, with the queues' state, once the job can no longer end cleanly: a message in an
    /// error queue (the final check requires them empty), or no work left in any queue while the job
    /// saga still misses images.
    /// </summary>
    /// <returns>How many images had ended when submission ended.</returns>
    async Task<int> WaitForJobSagaAsync(Guid jobId, int count, Stopwatch clock, TimeSpan timeout, List<string> progressSeries)
    {
        var jobs = new StatusDocuments(_pipeline.Blobs);
        var deadline = clock.Elapsed + timeout;
        var atSubmit = -1;
        var nextReport = clock.Elapsed;
        while (true)
        {
            var job = await jobs.TryReadJobAsync(jobId, CancellationToken.None);
            var ended = job is null ? 0 : job.ImagesCompleted + job.ImagesFailed;
            if (atSubmit < 0)
                atSubmit = ended;
            if (job is not null && job.ImageCount == count && job.AllImagesEnded)
            {
                progressSeries.Add($"t={clock.Elapsed.TotalSeconds:0} ended={ended}");
                return atSubmit;
            }

            if (clock.Elapsed >= nextReport)
            {
                nextReport += ProgressInterval;
                var queues = await QueueCountMapAsync();
                progressSeries.Add($"t={clock.Elapsed.TotalSeconds:0} ended={ended} queues: " +
                    string.Join(" ", queues.Where(q => q.Value > 0).Select(q => $"{q.Key}={q.Value}")));
                var errors = queues.Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal) && q.Value > 0).ToArray();
                if (errors.Length > 0)
                    throw new InvalidOperationException($"Job {jobId}: {ended}/{count} images counted, and messages went to error queues: " +
                        $"{string.Join(", ", errors.Select(q => $"{q.Key}={q.Value}"))}. Queues: {await QueueCountsAsync()}");
                if (queues.All(q => q.Value == 0))
                {
                    // Nothing left to do: one more look in case the last event was being saved just now.
                    await Task.Delay(5000);
                    job = await jobs.TryReadJobAsync(jobId, CancellationToken.None);
                    if (job?.AllImagesEnded != true)
                        throw new InvalidOperationException($"Job {jobId}: every queue is empty but the job saga counted " +
                            $"{(job is null ? 0 : job.ImagesCompleted + job.ImagesFailed)}/{count} images.");
                }
            }

            if (clock.Elapsed > deadline)
                throw new TimeoutException($"Job {jobId}: {ended}/{count} images ended within {timeout}. Queues: {await QueueCountsAsync()}");
            await Task.Delay(1000);
        }
    }

    static readonly IReadOnlyList<string> Queues = QueueNames.All;

    /// <summary>Messages ready or unacknowledged in every pipeline queue and its error queue.</summary>
    async Task<Dictionary<string, int>> QueueCountMapAsync()
    {
        var counts = new Dictionary<string, int>();
        foreach (var queue in Queues)
        {
            counts[queue] = await _pipeline.VirtualHost.CountMessagesAsync(queue, mayBeMissing: false);
            counts[queue + "_error"] = await _pipeline.VirtualHost.CountMessagesAsync(queue + "_error", mayBeMissing: true);
        }

        return counts;
    }

    async Task<string> QueueCountsAsync() =>
        string.Join(", ", (await QueueCountMapAsync()).Select(q => $"{q.Key}={q.Value}"));

    static (bool LevelsOff, string Text) Judge(ResidentMemorySampler.Series series)
    {
        if (series.Samples.Count < MinimumSamplesToJudge)
            return (true, $"{series.Name}: {series.Samples.Count} samples, too few to judge whether memory levels off");

        var (first, second) = series.HalfPeaks();
        var bound = Math.Max(LateGrowthFloorMb, first * LateGrowthShare);
        var levelsOff = second - first <= bound;
        return (levelsOff, string.Create(CultureInfo.InvariantCulture,
            $"{series.Name}: RSS peak {first:0} MB in the first half of its samples, {second:0} MB in the second " +
            $"(+{second - first:0} MB, bound {bound:0} MB): {(levelsOff ? "levels off" : "still growing")}"));
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

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
