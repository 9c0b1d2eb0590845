using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Client.Progress;
using ImagePipeline.Contracts;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.TestData;

namespace ImagePipeline.IntegrationTests.MultiHost;

/// <summary>
/// The pipeline across hosts with addresses of their own (network namespaces on this machine): one runs
/// RabbitMQ and Azurite, two run processors, one submits. Mid-job one processor host loses its link,
/// then a new processor host joins; the job completes with exact output. Each host's log is kept in
/// <see cref="LogFolder"/> (the processors export metrics to the console, for docs/DEPLOY.md).
/// </summary>
public sealed class MultiHostRunTests : IAsyncLifetime
{
    static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(4);
    const string TileLine = "processed in";

    /// <summary>A wider neighbourhood than bilateral's default 9 px: about three times the work per pixel.</summary>
    const string Operation = "bilateral:d=15";

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-multihost-").FullName;
    readonly List<PipelineProcess> _processes = [];
    NetworkLab _lab = null!;

    static string LogFolder => Path.Combine(Path.GetTempPath(), "imagepipe-multihost-logs");

    public async Task InitializeAsync() => _lab = await NetworkLab.CreateAsync();

    [Fact]
    public async Task Submit_WhenAProcessorHostLosesItsLinkAndANewOneJoins_JobCompletesWithExactOutput()
    {
        var brokerAddress = await _lab.AddHostAsync("mq");
        foreach (var host in new[] { "p1", "p2", "p3", "submit" })
            await _lab.AddHostAsync(host);
        var repo = RepositoryPaths.Root;
        var rabbit = ServiceVariables.Parse(await _lab.RunAsync("mq", null, "bash", Path.Combine(repo, "deploy/rabbitmq/start-local.sh"),
            Path.Combine(_work, "rabbitmq"), "-", "-", brokerAddress));
        var azurite = ServiceVariables.Parse(await _lab.RunAsync("mq", null, "bash", Path.Combine(repo, "scripts/start-azurite.sh"),
            Path.Combine(_work, "azurite"), "-", brokerAddress));
        var management = new Uri($"http://{brokerAddress}:{rabbit["RABBITMQ_MANAGEMENT_PORT"]}/");
        await using var setup = await PipelineBrokerSetup.CreateAsync(management, (rabbit["RABBITMQ_USER"], rabbit["RABBITMQ_PASSWORD"]), "classic");
        var blobConnection = azurite["AZURITE_BLOB_CONNECTION"].Replace("\\;", ";");
        var common = new Dictionary<string, string>
        {
            ["IMAGEPIPE_RabbitMq__Host"] = brokerAddress,
            ["IMAGEPIPE_RabbitMq__Port"] = rabbit["RABBITMQ_PORT"],
            ["IMAGEPIPE_RabbitMq__VirtualHost"] = setup.VirtualHost,
            ["IMAGEPIPE_Storage__Provider"] = "AzureBlob",
            ["IMAGEPIPE_Storage__ConnectionString"] = blobConnection,
            ["IMAGEPIPE_Storage__Container"] = "imagepipeline",
        };

        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 3);
        // Enough work that the job outlasts a new host's start: 432 tiles of 256 px, about 90 commands since small
        // tiles travel in runs (a 4000 x 3000 image's 204 tiles, about 45 commands with a cheaper filter, could end first).
        TestImages.WriteLarge(inputs, 6000, 4500);
        var output = Path.Combine(_work, "out");
        var submitter = new Dictionary<string, string>(common)
        {
            ["IMAGEPIPE_RabbitMq__Username"] = setup.SubmitterUser,
            ["IMAGEPIPE_RabbitMq__Password"] = setup.SubmitterPassword,
        };
        var cli = Track(PipelineProcess.StartIn(_lab.Namespace("submit"), "submit", BuiltPrograms.Cli, submitter,
            "submit", inputs, "--op", Operation, "--tile-size", "256", "--wait", "--out", output));
        var blobs = new AzureBlobStore(blobConnection, "imagepipeline");
        var status = new JobStatusReader(blobs, new StatusDocuments(blobs));

        var jobId = Guid.Parse(await WaitForAsync(() => Task.FromResult(cli.Output.Split('\n')[0].Trim() is var first && Guid.TryParse(first, out _) ? first : null),
            "the job id"));
        // The processors start once the job's tiles wait in the queue (the job id is printed before the first is sent,
        // so the queue may not exist yet): a backlog that the queue-age gauge reports while they work it off. Started first, they kept up with the
        // submitter on a fast day, and the gauge's few samples during the job all saw an empty queue.
        await WaitForAsync(async () => await ReadyTilesAsync(management, rabbit, setup.VirtualHost, jobId) > 0 ? "queued" : null, "tiles waiting in the queue");
        var p1 = StartProcessor("p1", common, setup, management);
        var p2 = StartProcessor("p2", common, setup, management);
        await WaitForAsync(async () => p1.CountLines(TileLine) >= 2 && p2.CountLines(TileLine) >= 2 ? await status.TryReadAsync(jobId, default) : null,
            "both processors at work");
        await _lab.CutLinkAsync("p1");
        var tilesOnP1 = p1.CountLines(TileLine);
        var p3 = StartProcessor("p3", common, setup, management);

        var exitCode = await cli.WaitForExitAsync(JobTimeout);
        // The scaling signals reach the exporter (every 5 s here): the queue gauges, and job latency where the job ended.
        await WaitForAsync(() => Task.FromResult(p2.Output.Contains("imagepipe.queue.oldest_message_age")
            && _processes.Any(p => p.Output.Contains("imagepipe.job.duration")) ? "exported" : null), "the pipeline's metrics");
        WriteLogs();
        Assert.True(exitCode == 0, $"imagepipe exited {exitCode}:\n{cli.Output}\n{AllOutput()}");
        var progress = await status.TryReadAsync(jobId, default);
        Assert.NotNull(progress);
        OutputAssert.MatchInProcessResult(progress, output, Operation);
        Assert.True(p3.CountLines(TileLine) > 0, $"the processor that joined mid-job took no tile:\n{p3.Output}");
        // Cut off, p1 can at most log the one tile it was processing (its output may also lag the cut a little).
        Assert.InRange(p1.CountLines(TileLine), tilesOnP1, tilesOnP1 + 1);
        // The tiles p1 held unacknowledged when its link went down came back once its heartbeat lapsed.
        Assert.True(await RedeliveredAsync(management, rabbit, setup.VirtualHost, jobId) > 0, "no tile was redelivered after the link went down");
    }

    PipelineProcess StartProcessor(string host, Dictionary<string, string> common, PipelineBrokerSetup setup, Uri management) =>
        Track(PipelineProcess.StartIn(_lab.Namespace(host), host, BuiltPrograms.ProcessorService, new Dictionary<string, string>(common)
        {
            ["IMAGEPIPE_RabbitMq__Username"] = setup.ProcessorUser,
            ["IMAGEPIPE_RabbitMq__Password"] = setup.ProcessorPassword,
            // A short heartbeat: the broker notices the cut link within seconds and requeues its tiles.
            ["IMAGEPIPE_RabbitMq__HeartbeatSeconds"] = "2",
            ["IMAGEPIPE_Processing__ConcurrentTiles"] = "1",
            ["IMAGEPIPE_Processing__PrefetchCount"] = "2",
            ["IMAGEPIPE_Logging__Console__IncludeScopes"] = "true",
            ["IMAGEPIPE_Telemetry__Exporter"] = "console",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "5000",
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={host}",
            ["IMAGEPIPE_Telemetry__QueueMetrics__ManagementUri"] = management.ToString(),
            ["IMAGEPIPE_Telemetry__QueueMetrics__Username"] = setup.MonitorUser,
            ["IMAGEPIPE_Telemetry__QueueMetrics__Password"] = setup.MonitorPassword,
            ["IMAGEPIPE_Telemetry__QueueMetrics__IntervalSeconds"] = "2",
        }));

    PipelineProcess Track(PipelineProcess process)
    {
        _processes.Add(process);
        return process;
    }

    async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
                return value;
            await Task.Delay(200);
        }

        throw new TimeoutException($"Waited in vain for {what}.\n{AllOutput()}");
    }

    static async Task<long> ReadyTilesAsync(Uri management, Dictionary<string, string> rabbit, string virtualHost, Guid jobId)
    {
        using var http = ManagementClient(management, rabbit);
        using var response = await http.GetAsync($"api/queues/{virtualHost}/{QueueNames.ProcessTileLane(jobId, JobPriority.Batch)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            return 0; // not declared yet: the submitter's first send declares it
        response.EnsureSuccessStatusCode();
        var queue = await response.Content.ReadFromJsonAsync<JsonElement>();
        return queue.TryGetProperty("messages_ready", out var ready) && ready.ValueKind == JsonValueKind.Number ? ready.GetInt64() : 0;
    }

    static async Task<long> RedeliveredAsync(Uri management, Dictionary<string, string> rabbit, string virtualHost, Guid jobId)
    {
        using var http = ManagementClient(management, rabbit);
        // Message statistics lag by the broker's statistics interval (5 s).
        for (var attempt = 0; ; attempt++)
        {
            var queue = await http.GetFromJsonAsync<JsonElement>($"api/queues/{virtualHost}/{QueueNames.ProcessTileLane(jobId, JobPriority.Batch)}");
            var redelivered = queue.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("redeliver", out var count) ? count.GetInt64() : 0;
            if (redelivered > 0 || attempt == 20)
                return redelivered;
            await Task.Delay(500);
        }
    }

    static HttpClient ManagementClient(Uri management, Dictionary<string, string> rabbit)
    {
        var http = new HttpClient { BaseAddress = management };
        http.DefaultRequestHeaders.Authorization = BasicAuthentication.For(rabbit["RABBITMQ_USER"], rabbit["RABBITMQ_PASSWORD"]);
        return http;
    }

    string AllOutput() => string.Join("\n", _processes.Select(p => $"--- {p.Name}:\n{p.Output}"));

    void WriteLogs()
    {
        Directory.CreateDirectory(LogFolder);
        foreach (var process in _processes)
            File.WriteAllText(Path.Combine(LogFolder, process.Name + ".log"), process.Output);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
            process.Dispose();
        if (_lab is not null)
        {
            var repo = RepositoryPaths.Root;
            await ShellCommand.TryRunAsync("ip", "netns", "exec", _lab.Namespace("mq"), "bash", Path.Combine(repo, "scripts/stop-azurite.sh"), Path.Combine(_work, "azurite"));
            await ShellCommand.TryRunAsync("ip", "netns", "exec", _lab.Namespace("mq"), "bash", Path.Combine(repo, "deploy/rabbitmq/stop-local.sh"), Path.Combine(_work, "rabbitmq"));
            await _lab.DisposeAsync();
        }

        Directory.Delete(_work, recursive: true);
    }
}
