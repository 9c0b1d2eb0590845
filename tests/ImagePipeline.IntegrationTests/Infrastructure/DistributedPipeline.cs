using Azure.Storage.Blobs;
using ImagePipeline.Client.Progress;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Storage;

namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>
/// One test's slice of the real distributed system: its own RabbitMQ virtual host and blob container
/// on the broker and Azurite that scripts/test.sh started, processors as separate OS processes, and
/// the <c>imagepipe</c> CLI as a process too.
/// </summary>
public sealed class DistributedPipeline : IAsyncDisposable
{
    readonly RabbitMqBroker _broker;
    readonly List<PipelineProcess> _processes = [];
    readonly Dictionary<string, string> _environment;

    DistributedPipeline(RabbitMqBroker broker, RabbitMqVirtualHost virtualHost, string container)
    {
        _broker = broker;
        VirtualHost = virtualHost;
        Container = new BlobContainerClient(TestEnvironment.BlobConnectionString, container);
        Blobs = new AzureBlobStore(TestEnvironment.BlobConnectionString, container);
        var endpoint = broker.Endpoint;
        _environment = new Dictionary<string, string>
        {
            ["IMAGEPIPE_RabbitMq__Host"] = endpoint.Host,
            ["IMAGEPIPE_RabbitMq__Port"] = endpoint.Port.ToString(),
            ["IMAGEPIPE_RabbitMq__VirtualHost"] = virtualHost.Name,
            ["IMAGEPIPE_RabbitMq__Username"] = endpoint.Username,
            ["IMAGEPIPE_RabbitMq__Password"] = endpoint.Password,
            ["IMAGEPIPE_Storage__Provider"] = "AzureBlob",
            ["IMAGEPIPE_Storage__ConnectionString"] = TestEnvironment.BlobConnectionString,
            ["IMAGEPIPE_Storage__Container"] = container,
        };
    }

    public RabbitMqVirtualHost VirtualHost { get; }

    public BlobContainerClient Container { get; }

    public IBlobStore Blobs { get; }

    public JobStatusReader Status => new(Blobs, new StatusDocuments(Blobs));

    /// <summary>This pipeline's settings as the environment variables a process of it gets.</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>This pipeline's settings as configuration keys, for a client host in the test's own process.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ClientSettings =>
        _environment.Select(setting => KeyValuePair.Create(setting.Key["IMAGEPIPE_".Length..].Replace("__", ":"), (string?)setting.Value));

    /// <param name="scriptServices">Use the broker started by scripts/test.sh even where Docker runs, for tests that restart it.</param>
    public static async Task<DistributedPipeline> StartAsync(bool scriptServices = false)
    {
        var broker = scriptServices ? RabbitMqBroker.FromEnvironment() : await RabbitMqBroker.StartAsync();
        var virtualHost = await RabbitMqVirtualHost.CreateAsync(broker.Endpoint);
        return new DistributedPipeline(broker, virtualHost, "test-" + Guid.NewGuid().ToString("N")[..16]);
    }

    /// <summary>Starts a ProcessorService process: by default it processes one tile at a time and hosts the sagas.</summary>
    public PipelineProcess StartProcessor(string name, bool processTiles = true, bool hostSagas = true, int concurrentTiles = 1,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(_environment)
        {
            ["IMAGEPIPE_Processor__ProcessTiles"] = processTiles.ToString(),
            ["IMAGEPIPE_Processor__HostSagas"] = hostSagas.ToString(),
            ["IMAGEPIPE_Processing__ConcurrentTiles"] = concurrentTiles.ToString(),
            ["IMAGEPIPE_Processing__PrefetchCount"] = (concurrentTiles * 2).ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        var process = PipelineProcess.Start(name, BuiltPrograms.ProcessorService, environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>Runs <c>imagepipe</c> with this pipeline's settings and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunCliAsync(TimeSpan timeout, params string[] arguments)
    {
        using var cli = PipelineProcess.Start("imagepipe " + arguments[0], BuiltPrograms.Cli, _environment, arguments);
        var exitCode = await cli.WaitForExitAsync(timeout);
        return (exitCode, cli.Output);
    }

    /// <summary>Starts <c>imagepipe</c> with this pipeline's settings as a long-running process (<c>watch</c>, <c>serve</c>).</summary>
    public PipelineProcess StartCli(string name, params string[] arguments)
    {
        var process = PipelineProcess.Start(name, BuiltPrograms.Cli, _environment, arguments);
        _processes.Add(process);
        return process;
    }

    /// <summary>Polls the job's progress until <paramref name="until"/> holds (by default: every image has ended).</summary>
    public async Task<JobProgress> WaitForJobAsync(Guid jobId, TimeSpan timeout, Func<JobProgress, bool>? until = null)
    {
        until ??= progress => progress.HasEnded;
        var deadline = DateTime.UtcNow + timeout;
        JobProgress? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await Status.TryReadAsync(jobId, CancellationToken.None);
                if (last is not null && until(last))
                    return last;
            }
            catch (Exception exception) when (exception is Azure.RequestFailedException or BlobStoreUnavailableException or HttpRequestException or AggregateException)
            {
                // The blob store may be down on purpose in a fault-injection test: keep polling.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(
            $"Job {jobId} did not get there within {timeout}: {(last is null ? "no manifest" : $"{last.Done} done, {last.Failed} failed, {last.TilesDone}/{last.TileCount} tiles")}.\n" +
            DescribeProcesses());
    }

    /// <summary>Each process's output, for a failure message.</summary>
    public string DescribeProcesses() => string.Join("\n", _processes.Select(p => $"--- {p.Name} (exited: {p.HasExited}):\n{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
            process.Dispose();
        await VirtualHost.DisposeAsync();
        await Container.DeleteIfExistsAsync();
        await _broker.DisposeAsync();
    }
}
