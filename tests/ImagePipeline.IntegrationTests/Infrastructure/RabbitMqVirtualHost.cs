using System.Net.Http.Json;

namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>
/// A virtual host of its own for one test, made and removed through the management API, so the
/// queues of one test never feed the processors of another.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    readonly HttpClient _http;

    RabbitMqVirtualHost(HttpClient http, string name)
    {
        _http = http;
        Name = name;
    }

    public string Name { get; }

    public static async Task<RabbitMqVirtualHost> CreateAsync(RabbitMqEndpoint broker)
    {
        var management = broker.ManagementUri
            ?? throw new InvalidOperationException($"The test broker has no management port ({TestEnvironment.RabbitMqManagementPortVariable}).");
        var http = new HttpClient { BaseAddress = management };
        http.DefaultRequestHeaders.Authorization = BasicAuthentication.For(broker.Username, broker.Password);

        var name = "test-" + Guid.NewGuid().ToString("N")[..12];
        (await http.PutAsync($"api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"api/permissions/{name}/{Uri.EscapeDataString(broker.Username)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new RabbitMqVirtualHost(http, name);
    }

    /// <summary>Messages ready or unacknowledged in <paramref name="queue"/>; a missing queue counts as empty only when <paramref name="mayBeMissing"/>.</summary>
    public async Task<int> CountMessagesAsync(string queue, bool mayBeMissing)
    {
        var response = await _http.GetAsync($"api/queues/{Name}/{queue}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound && mayBeMissing)
            return 0;
        response.EnsureSuccessStatusCode();
        var details = await response.Content.ReadFromJsonAsync<QueueDetails>();
        return details?.Messages ?? 0;
    }

    /// <summary>The queues declared in this virtual host, by name, and whether each is durable.</summary>
    public async Task<IReadOnlyList<QueueSummary>> ListQueuesAsync() =>
        await _http.GetFromJsonAsync<List<QueueSummary>>($"api/queues/{Name}") ?? [];

    /// <summary>The names the connections open in this virtual host gave themselves (RabbitMQ's client-provided names).</summary>
    public async Task<IReadOnlyList<string>> ListConnectionNamesAsync() =>
        (await _http.GetFromJsonAsync<List<ConnectionSummary>>($"api/vhosts/{Name}/connections") ?? [])
            .Select(connection => connection.ClientProperties?.ConnectionName ?? "").ToList();

    public async ValueTask DisposeAsync()
    {
        await _http.DeleteAsync($"api/vhosts/{Name}");
        _http.Dispose();
    }

    sealed record QueueDetails(int Messages);

    public sealed record QueueSummary(string Name, bool Durable);

    sealed record ConnectionSummary([property: System.Text.Json.Serialization.JsonPropertyName("client_properties")] ClientProperties? ClientProperties);

    sealed record ClientProperties([property: System.Text.Json.Serialization.JsonPropertyName("connection_name")] string? ConnectionName);
}
