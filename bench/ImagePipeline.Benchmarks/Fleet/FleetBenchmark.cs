using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ImagePipeline.Benchmarks.Inputs;
using ImagePipeline.Client.Progress;
using ImagePipeline.Contracts;
using ImagePipeline.Protocol;

namespace ImagePipeline.Benchmarks.Fleet;

/// <summary>
/// The client side of scripts/bench-fleet.sh, against a fleet the script started. Each run prints one JSON line.
///   fleet throughput --label L --op OP --tile-size T FILE...   one job: its steady rate and the queues' peaks
///   fleet fairness --op OP --batch N FILE...                   a one-image job alone and behind a batch; two batches
///   fleet inputs DIR N                                          writes the inputs: DIR/batch/*.jpg (1 MP each), DIR/large-48mp.png
/// </summary>
internal static class FleetBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args[0];
        if (mode == "inputs")
        {
            var samples = Path.Combine(Environment.GetEnvironmentVariable("IMAGEPIPE_BENCH_REPO") ?? ".", "samples");
            BenchInputs.Create(samples, args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
            return 0;
        }

        string label = mode, op = "gaussian";
        int tileSize = int.MaxValue, batch = 50;
        var files = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--label": label = args[++i]; break;
                case "--op": op = args[++i]; break;
                case "--tile-size": tileSize = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: files.Add(args[i]); break;
            }
        }

        await using var client = await FleetClient.StartAsync();
        return mode switch
        {
            "throughput" => await ThroughputAsync(client, label, op, tileSize, files),
            "fairness" => await FairnessAsync(client, op, files, batch),
            _ => throw new ArgumentException($"Unknown fleet mode '{mode}'."),
        };
    }

    /// <summary>
    /// The steady rate is tile tasks between 10 % and 90 % of the job done, over the time between: it leaves out the
    /// submission's start and the last tiles' and assembly's tail, which do not grow with processors.
    /// </summary>
    static async Task<int> ThroughputAsync(FleetClient client, string label, string op, int tileSize, IReadOnlyList<string> files)
    {
        var clock = Stopwatch.StartNew();
        var trace = new List<(double Seconds, int TilesDone)>();
        await using var queues = QueueWatch.Start();
        var jobId = await client.SubmitAsync(files, op, tileSize, JobPriority.Batch);
        var progress = await client.WaitAsync(jobId, p => p.HasEnded, clock, trace);
        var total = progress.TileCount;
        var t10 = trace.First(point => point.TilesDone >= total * 0.1);
        var t90 = trace.First(point => point.TilesDone >= total * 0.9);
        // A job too short to be caught between its tenth and its ninth tenth has no steady rate.
        double? steady = t90.Seconds > t10.Seconds ? Math.Round((t90.TilesDone - t10.TilesDone) / (t90.Seconds - t10.Seconds), 3) : null;
        Print(new
        {
            label, op, images = progress.ImageCount, failed = progress.Failed, tileTasks = total, seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            steadyTileTasksPerSecond = steady,
            queues = queues.Peaks.Where(q => q.Value.Ready > 0 || q.Value.AgeSeconds > 0)
                .ToDictionary(q => q.Key, q => new { peakReady = q.Value.Ready, peakOldestSeconds = q.Value.AgeSeconds }),
        });
        return progress.Failed == 0 ? 0 : 1;
    }

    static async Task<int> FairnessAsync(FleetClient client, string op, IReadOnlyList<string> files, int batchSize)
    {
        var one = files.Take(1).ToArray();
        var batch = files.Take(batchSize).ToArray();
        var clock = Stopwatch.StartNew();

        await RunOneAsync(client, one, op, JobPriority.Interactive, null, clock);
        var alone = new List<double>();
        for (var i = 0; i < 3; i++)
            alone.Add(await RunOneAsync(client, one, op, JobPriority.Interactive, null, clock));
        alone.Sort();

        // Interactive behind a batch, then the same one-image job as a batch on the batch's own lane: one queue in
        // submission order, which is how every job was served before there were lanes.
        var interactive = await BehindBatchAsync(client, batch, one, op, JobPriority.Interactive, clock);
        var sameLane = await BehindBatchAsync(client, batch, one, op, JobPriority.Batch, clock);

        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        while (QueueNames.BatchLaneOf(second) == QueueNames.BatchLaneOf(first))
            second = Guid.NewGuid();
        var twoBatches = await TwoBatchesAsync(client, batch, op, first, second, clock);

        Print(new
        {
            label = "fairness", op, batchImages = batch.Length,
            oneImageAloneSeconds = Math.Round(alone[1], 2),
            interactiveBehindBatch = interactive,
            oneImageOnTheBatchLane = sameLane,
            twoBatches,
        });
        return 0;
    }

    static async Task<double> RunOneAsync(FleetClient client, string[] one, string op, JobPriority priority, Guid? jobId, Stopwatch clock)
    {
        var start = clock.Elapsed;
        var id = await client.SubmitAsync(one, op, int.MaxValue, priority, jobId);
        await client.WaitAsync(id, p => p.HasEnded, clock);
        return (clock.Elapsed - start).TotalSeconds;
    }

    static async Task<object> BehindBatchAsync(FleetClient client, string[] batch, string[] one, string op, JobPriority priority, Stopwatch clock)
    {
        var batchId = await client.SubmitAsync(batch, op, int.MaxValue, JobPriority.Batch);
        await client.WaitAsync(batchId, p => p.Done >= 1, clock);
        var oneId = Guid.NewGuid();
        while (priority == JobPriority.Batch && QueueNames.BatchLaneOf(oneId) != QueueNames.BatchLaneOf(batchId))
            oneId = Guid.NewGuid();
        var latency = await RunOneAsync(client, one, op, priority, oneId, clock);
        var batchThen = (await client.ReadAsync(batchId))!.Done;
        var batchStart = clock.Elapsed;
        await client.WaitAsync(batchId, p => p.HasEnded, clock);
        return new { oneImageSeconds = Math.Round(latency, 2), batchDoneWhenItEnded = batchThen, batchRemainingSeconds = Math.Round((clock.Elapsed - batchStart).TotalSeconds, 2) };
    }

    /// <summary>
    /// The second batch is submitted once the first has a tenth done; each one's rate is taken over the time both ran
    /// (from the second's first image done to either's end).
    /// </summary>
    static async Task<object> TwoBatchesAsync(FleetClient client, string[] batch, string op, Guid first, Guid second, Stopwatch clock)
    {
        await client.SubmitAsync(batch, op, int.MaxValue, JobPriority.Batch, first);
        await client.WaitAsync(first, p => p.Done >= batch.Length / 10, clock);
        await client.SubmitAsync(batch, op, int.MaxValue, JobPriority.Batch, second);
        await client.WaitAsync(second, p => p.Done >= 1, clock);
        var start = clock.Elapsed;
        var firstAtStart = (await client.ReadAsync(first))!.Done;
        var secondAtStart = (await client.ReadAsync(second))!.Done;
        JobProgress firstNow, secondNow;
        while (true)
        {
            firstNow = (await client.ReadAsync(first))!;
            secondNow = (await client.ReadAsync(second))!;
            if (firstNow.HasEnded || secondNow.HasEnded)
                break;
            await Task.Delay(200);
        }

        var seconds = (clock.Elapsed - start).TotalSeconds;
        await client.WaitAsync(first, p => p.HasEnded, clock);
        await client.WaitAsync(second, p => p.HasEnded, clock);
        var firstRate = (firstNow.Done - firstAtStart) / seconds;
        var secondRate = (secondNow.Done - secondAtStart) / seconds;
        return new
        {
            overlapSeconds = Math.Round(seconds, 2),
            firstImagesPerSecond = Math.Round(firstRate, 2),
            secondImagesPerSecond = Math.Round(secondRate, 2),
            secondToFirst = Math.Round(secondRate / firstRate, 2),
        };
    }

    static void Print(object result) => Console.WriteLine(JsonSerializer.Serialize(result));
}
