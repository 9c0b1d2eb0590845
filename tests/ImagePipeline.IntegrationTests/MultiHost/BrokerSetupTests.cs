using ImagePipeline.Client.Progress;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Storage;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace ImagePipeline.IntegrationTests.MultiHost;

/// <summary>
/// The broker set up as in production by deploy/rabbitmq/setup-pipeline.sh: jobs run as its
/// least-privilege users, on classic and on quorum queues, and a submitter cannot touch the rest.
/// </summary>
public sealed class BrokerSetupTests : IAsyncLifetime
{
    static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-broker-").FullName;
    readonly string _container = "test-" + Guid.NewGuid().ToString("N")[..16];
    readonly List<PipelineProcess> _processes = [];
    RabbitMqEndpoint _broker = null!;
    PipelineBrokerSetup _setup = null!;

    public Task InitializeAsync()
    {
        _broker = TestEnvironment.RequireRabbitMq();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SetupPipeline_WithClassicQueues_JobCompletesAsLeastPrivilegeUsers()
    {
        _setup = await SetUpAsync("classic");

        await RunJobAsync(queueType: "Classic");

        var queues = await _setup.ListQueuesAsync();
        Assert.All(queues, queue => Assert.Equal("classic", queue.Type));
        Assert.Contains(queues, queue => queue.Name == "process-tile");
    }

    [Fact]
    public async Task SetupPipeline_WithQuorumQueuesAndClusterNodes_JobCompletesOnQuorumQueuesWithDeliveryLimit()
    {
        _setup = await SetUpAsync("quorum");

        // Listed as a cluster with a node that is down: the processor connects to the one that answers.
        await RunJobAsync(queueType: "Quorum", clusterNodes: ["127.0.0.1:1", $"{_broker.Host}:{_broker.Port}"]);

        // The management API reports a policy a few seconds after the queue appears (its statistics interval).
        var queues = await _setup.ListQueuesAsync();
        for (var attempt = 0; attempt < 40 && queues.Any(q => q.Name != "imagepipe.dead-letter" && q.Policy is not { Count: > 0 }); attempt++)
        {
            await Task.Delay(500);
            queues = await _setup.ListQueuesAsync();
        }

        foreach (var name in QueueNames.All)
        {
            var queue = Assert.Single(queues, q => q.Name == name);
            Assert.Equal("quorum", queue.Type);
            Assert.Equal("5", queue.Policy?["delivery-limit"].ToString());
            Assert.Equal("imagepipe.dead-letter", queue.Policy?["dead-letter-exchange"].ToString());
        }
    }

    [Fact]
    public async Task SetupPipeline_Submitter_CannotConsumeWorkOrPublishEvents()
    {
        _setup = await SetUpAsync("classic");
        await using var connection = await ConnectAsSubmitterAsync();

        await AssertRefusedAsync(connection, channel => channel.BasicGetAsync("assemble-image", autoAck: false));
        await AssertRefusedAsync(connection, channel => channel.ExchangeDeclareAsync("ImagePipeline.Contracts:TileProcessed", "fanout", durable: true));
        await AssertRefusedAsync(connection, channel => channel.QueueDeclareAsync("process-tile_error", durable: true, exclusive: false, autoDelete: false));
    }

    [Fact]
    public async Task SetupPipeline_Submitter_MayHearJobsEndOnAnExclusiveQueueOfItsOwn_AndNothingElse()
    {
        _setup = await SetUpAsync("quorum");
        await using var connection = await ConnectAsSubmitterAsync();
        var queue = QueueNames.JobEndsPrefix + Guid.NewGuid().ToString("N");

        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.ExchangeDeclareAsync("ImagePipeline.Contracts:JobCompleted", "fanout", durable: true);
            await channel.QueueDeclareAsync(queue, durable: false, exclusive: true, autoDelete: false);
            await channel.QueueBindAsync(queue, "ImagePipeline.Contracts:JobCompleted", "");
        }

        await AssertRefusedAsync(connection, channel => channel.QueueDeclareAsync("imagepipe-job-ends-anything", durable: false, exclusive: true, autoDelete: false));
        await AssertRefusedAsync(connection, channel => channel.QueueBindAsync(queue, "ImagePipeline.Contracts:TileProcessed", ""));
    }

    [Fact]
    public async Task SetupPipeline_Processor_MayPutParkedWorkBackThroughTheQueuesOwnExchange()
    {
        _setup = await SetUpAsync("classic");
        await using var connection = await new ConnectionFactory
        {
            HostName = _broker.Host, Port = _broker.Port, VirtualHost = _setup.VirtualHost,
            UserName = _setup.ProcessorUser, Password = _setup.ProcessorPassword,
        }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.ExchangeDeclareAsync("process-tile", "fanout", durable: true);
        await channel.QueueDeclareAsync("process-tile", durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync("process-tile", "process-tile", "");

        // What ParkedMessages does for 'imagepipe retry' and the saga host's replays: a refusal would fail the confirmation.
        await channel.BasicPublishAsync("process-tile", "", mandatory: true, new BasicProperties(), new byte[] { 1 });

        Assert.Equal(1u, (await channel.QueueDeclarePassiveAsync("process-tile")).MessageCount);
    }

    Task<IConnection> ConnectAsSubmitterAsync() => new ConnectionFactory
    {
        HostName = _broker.Host, Port = _broker.Port, VirtualHost = _setup.VirtualHost,
        UserName = _setup.SubmitterUser, Password = _setup.SubmitterPassword,
    }.CreateConnectionAsync();

    async Task<PipelineBrokerSetup> SetUpAsync(string queueType)
    {
        var management = _broker.ManagementUri
            ?? throw new InvalidOperationException($"{TestEnvironment.RabbitMqManagementPortVariable} is not set.");
        return await PipelineBrokerSetup.CreateAsync(management, (_broker.Username, _broker.Password), queueType);
    }

    async Task RunJobAsync(string queueType, string[]? clusterNodes = null)
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 4);
        var output = Path.Combine(_work, "out");
        var processor = Environment(_setup.ProcessorUser, _setup.ProcessorPassword);
        processor["IMAGEPIPE_RabbitMq__QueueType"] = queueType;
        processor["IMAGEPIPE_Processing__ConcurrentTiles"] = "2";
        for (var i = 0; i < (clusterNodes?.Length ?? 0); i++)
            processor[$"IMAGEPIPE_RabbitMq__ClusterNodes__{i}"] = clusterNodes![i];
        _processes.Add(PipelineProcess.Start("processor", BuiltPrograms.ProcessorService, processor));

        using var cli = PipelineProcess.Start("imagepipe submit", BuiltPrograms.Cli, Environment(_setup.SubmitterUser, _setup.SubmitterPassword),
            "submit", inputs, "--op", "gaussian", "--tile-size", "256", "--wait", "--out", output);
        int exitCode;
        try
        {
            exitCode = await cli.WaitForExitAsync(JobTimeout);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException(timeout.Message + "\n--- processor:\n" + _processes[0].Output, timeout);
        }

        Assert.True(exitCode == 0, cli.Output + "\n--- processor:\n" + _processes[0].Output);
        // The submitter hears its job end (setup-pipeline.sh lets it declare its queue): no refusal logged.
        Assert.DoesNotContain("fail:", cli.Output);
        var jobId = Guid.Parse(cli.Output.Split('\n')[0].Trim());
        var blobs = new AzureBlobStore(TestEnvironment.BlobConnectionString, _container);
        var progress = await new JobStatusReader(blobs, new StatusDocuments(blobs)).TryReadAsync(jobId, CancellationToken.None);
        OutputAssert.MatchInProcessResult(progress!, output, "gaussian");
    }

    Dictionary<string, string> Environment(string user, string password) => new()
    {
        ["IMAGEPIPE_RabbitMq__Host"] = _broker.Host,
        ["IMAGEPIPE_RabbitMq__Port"] = _broker.Port.ToString(),
        ["IMAGEPIPE_RabbitMq__VirtualHost"] = _setup.VirtualHost,
        ["IMAGEPIPE_RabbitMq__Username"] = user,
        ["IMAGEPIPE_RabbitMq__Password"] = password,
        ["IMAGEPIPE_Storage__Provider"] = "AzureBlob",
        ["IMAGEPIPE_Storage__ConnectionString"] = TestEnvironment.BlobConnectionString,
        ["IMAGEPIPE_Storage__Container"] = _container,
    };

    static async Task AssertRefusedAsync(IConnection connection, Func<IChannel, Task> action)
    {
        await using var channel = await connection.CreateChannelAsync();
        var refusal = await Assert.ThrowsAsync<OperationInterruptedException>(() => action(channel));
        Assert.Equal((ushort)403, refusal.ShutdownReason?.ReplyCode ?? 0);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
            process.Dispose();
        if (_setup is not null)
            await _setup.DisposeAsync();
        await new Azure.Storage.Blobs.BlobContainerClient(TestEnvironment.BlobConnectionString, _container).DeleteIfExistsAsync();
        Directory.Delete(_work, recursive: true);
    }
}
