using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using ImagePipeline.Hosting.RabbitMq;
using ImagePipeline.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Hosting.Telemetry;

/// <summary>
/// Queue depth, consumers and age of the oldest message of the pipeline's queues, as gauges, read from
/// the management API every few seconds. The API rather than a passive queue declare: one call covers
/// every queue, and it reports unacknowledged messages and the head message's timestamp, which a
/// passive declare does not (it gives only ready messages and consumers).
/// </summary>
internal sealed partial class BrokerQueueSampler(
    PipelineMetrics metrics, IOptions<QueueMetricsOptions> options, IOptions<RabbitMqOptions> rabbit, ILogger<BrokerQueueSampler> logger)
    : BackgroundService
{
    static readonly IReadOnlyList<string> Queues = QueueNames.All;

    volatile IReadOnlyList<QueueStatistics> _latest = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.ManagementUri is null)
            return;

        RegisterGauges();
        using var http = new HttpClient { BaseAddress = settings.ManagementUri, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}")));
        var path = $"api/queues/{Uri.EscapeDataString(settings.VirtualHost ?? rabbit.Value.VirtualHost)}" +
            "?columns=name,messages_ready,messages_unacknowledged,consumers,head_message_timestamp";
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.IntervalSeconds));
        do
        {
            try
            {
                var all = await http.GetFromJsonAsync<List<QueueStatistics>>(path, stoppingToken).ConfigureAwait(false) ?? [];
                _latest = all.Where(q => Queues.Contains(q.Name)).ToList();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !stoppingToken.IsCancellationRequested)
            {
                // A broker restart must not stop the processor; the gauges just go quiet until it is back.
                _latest = [];
                LogSampleFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    void RegisterGauges()
    {
        metrics.Meter.CreateObservableGauge("imagepipe.queue.messages", () => _latest.SelectMany(q => new[]
        {
            new Measurement<long>(q.Ready, Tag("queue", q.Name), Tag("state", "ready")),
            new Measurement<long>(q.Unacknowledged, Tag("queue", q.Name), Tag("state", "unacked")),
        }), "{message}", "Messages in each pipeline queue, waiting (ready) or taken by a processor (unacked)");
        metrics.Meter.CreateObservableGauge("imagepipe.queue.consumers",
            () => _latest.Select(q => new Measurement<long>(q.Consumers, Tag("queue", q.Name))), "{consumer}",
            "Consumers attached to each pipeline queue");
        metrics.Meter.CreateObservableGauge("imagepipe.queue.oldest_message_age", () => _latest
            .Where(q => q.HeadTimestamp is > 0)
            .Select(q => new Measurement<double>(
                Math.Max(0, (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(q.HeadTimestamp!.Value)).TotalSeconds), Tag("queue", q.Name))),
            "s", "Age of the message at the head of each queue (classic queues; quorum queues do not report it)");
    }

    static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read queue statistics from the broker's management API: {Reason}")]
    partial void LogSampleFailed(string reason);

    internal sealed record QueueStatistics(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("messages_ready")] long Ready,
        [property: JsonPropertyName("messages_unacknowledged")] long Unacknowledged,
        [property: JsonPropertyName("consumers")] long Consumers,
        [property: JsonPropertyName("head_message_timestamp")] long? HeadTimestamp);
}
