using System.Diagnostics;
using ImagePipeline.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Faults;

/// <summary>
/// A broker down for longer than the threshold is said in a processor's log within the first minute, in words, and
/// its return once it is back; the processor then works on, against the real broker stopped and started again.
/// </summary>
public sealed class BrokerOutageLogTests(ITestOutputHelper output) : IAsyncLifetime
{
    const string Unavailable = "the message broker unavailable for ";

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-broker-outage-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync(scriptServices: true);

    [Fact]
    public async Task Processor_WhenTheBrokerIsDownPastTheThreshold_LogsItWithinTheFirstMinuteAndItsReturn()
    {
        var processor = _pipeline.StartProcessor("processor");
        await Poll.UntilAsync(async () => (await _pipeline.VirtualHost.ListQueuesAsync()).Any(queue => queue.Name == "job-state"),
            TimeSpan.FromMinutes(1), $"the processor never declared its queues:\n{processor.Output}");

        await LocalServices.StopRabbitMqAsync();
        var outage = Stopwatch.StartNew();
        TimeSpan? firstLine = null;
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(processor.CountLines(Unavailable) > 0), TimeSpan.FromSeconds(60),
                $"no line named the unavailable broker within the first minute:\n{processor.Output}");
            firstLine = outage.Elapsed;
        }
        finally
        {
            await LocalServices.StartRabbitMqAsync();
        }

        await Poll.UntilAsync(() => Task.FromResult(processor.CountLines("the message broker back after ") > 0), TimeSpan.FromMinutes(2),
            $"no line said the broker was back:\n{processor.Output}");
        output.WriteLine($"first line {firstLine?.TotalSeconds:0.0} s into the outage; broker back after {outage.Elapsed.TotalSeconds:0.0} s");
        foreach (var line in processor.Output.Split('\n').Where(line => line.Contains("the message broker ", StringComparison.Ordinal)))
            output.WriteLine(line.Trim());

        var inputs = Path.Combine(_work, "in");
        TestImages.WriteBatch(inputs, 2);
        var jobId = await _pipeline.SubmitAsync(inputs, "invert", tileSize: 256);
        var progress = await _pipeline.WaitForJobAsync(jobId, TimeSpan.FromMinutes(2));
        Assert.Equal(2, progress.Done);
        Assert.False(processor.HasExited);
    }

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
