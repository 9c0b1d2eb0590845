using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ImagePipeline.Benchmarks.Fleet;

/// <summary>
/// The deepest backlog and oldest waiting message each queue showed while a job ran, from the broker's management
/// API: the same figures as the <c>imagepipe.queue.*</c> gauges, sampled twice a second.
/// </summary>
internal sealed class QueueWatch : IAsyncDisposable
{
    readonly HttpClient _http;
    readonly string _virtualHost;
    readonly Dictionary<string, (long Ready, double AgeSeconds)> _peaks = [];
    readonly CancellationTokenSource _stop = new();
    readonly Task _sampling;

    QueueWatch(HttpClient http, string virtualHost)
    {
        _http = http;
        _virtualHost = Uri.EscapeDataString(virtualHost);
        _sampling = SampleAsync();
    }

    /// <summary>Reads IMAGEPIPE_BENCH_MANAGEMENT (the API's base address), RABBITMQ_USER, RABBITMQ_PASSWORD and the pipeline's virtual host.</summary>
    public static QueueWatch Start()
    {
        var http = new HttpClient { BaseAddress = new Uri(Environment.GetEnvironmentVariable("IMAGEPIPE_BENCH_MANAGEMENT") ?? "http://127.0.0.1:15672/") };
        var credentials = $"{Environment.GetEnvironmentVariable("RABBITMQ_USER")}:{Environment.GetEnvironmentVariable("RABBITMQ_PASSWORD")}";
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return new QueueWatch(http, Environment.GetEnvironmentVariable("IMAGEPIPE_RabbitMq__VirtualHost") ?? "/");
    }

    public IReadOnlyDictionary<string, (long Ready, double AgeSeconds)> Peaks
    {
        get
        {
            lock (_peaks)
                return new Dictionary<string, (long, double)>(_peaks);
        }
    }

    async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var document = JsonDocument.Parse(await _http.GetStringAsync($"api/queues/{_virtualHost}?columns=name,messages_ready,head_message_timestamp", _stop.Token));
                var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                lock (_peaks)
                    foreach (var queue in document.RootElement.EnumerateArray())
                    {
                        var name = queue.GetProperty("name").GetString()!;
                        var ready = queue.TryGetProperty("messages_ready", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt64() : 0;
                        // The broker's statistics lag by up to 5 s: a head timestamp beside no ready message is a stale one.
                        var age = ready > 0 && queue.TryGetProperty("head_message_timestamp", out var h) && h.ValueKind == JsonValueKind.Number
                            ? now - h.GetInt64()
                            : 0;
                        var peak = _peaks.GetValueOrDefault(name);
                        _peaks[name] = (Math.Max(peak.Ready, ready), Math.Max(peak.AgeSeconds, age));
                    }
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException)
            {
                // A sample missed is a sample missed: the peaks stand on the others.
            }

            try
            {
                await Task.Delay(500, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _http.Dispose();
        _stop.Dispose();
    }
}
