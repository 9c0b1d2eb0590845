using System.Net.Http.Json;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.UnitTests.TestData;

namespace ImagePipeline.IntegrationTests.MultiHost;

/// <summary>
/// A virtual host and its users made by deploy/rabbitmq/setup-pipeline.sh, the script operators run,
/// with names of their own so tests never share them; removed again on dispose.
/// </summary>
internal sealed class PipelineBrokerSetup : IAsyncDisposable
{
    readonly HttpClient _management;

    PipelineBrokerSetup(HttpClient management, string suffix, string queueType)
    {
        _management = management;
        VirtualHost = "imagepipe-" + suffix;
        ProcessorUser = "processor-" + suffix;
        SubmitterUser = "submitter-" + suffix;
        MonitorUser = "monitor-" + suffix;
        QueueType = queueType;
    }

    public string VirtualHost { get; }
    public string ProcessorUser { get; }
    public string SubmitterUser { get; }
    public string MonitorUser { get; }
    public string QueueType { get; }
    public string ProcessorPassword { get; } = Guid.NewGuid().ToString("N");
    public string SubmitterPassword { get; } = Guid.NewGuid().ToString("N");
    public string MonitorPassword { get; } = Guid.NewGuid().ToString("N");

    public static string Script => Path.Combine(RepositoryPaths.Root, "deploy", "rabbitmq", "setup-pipeline.sh");

    /// <summary>Runs the setup script against <paramref name="managementUri"/> as <paramref name="admin"/>.</summary>
    public static async Task<PipelineBrokerSetup> CreateAsync(Uri managementUri, (string User, string Password) admin, string queueType)
    {
        var http = new HttpClient { BaseAddress = managementUri, Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Authorization = BasicAuthentication.For(admin.User, admin.Password);
        var setup = new PipelineBrokerSetup(http, Guid.NewGuid().ToString("N")[..10], queueType);
        await ShellCommand.RunAsync("bash", [Script, managementUri.ToString(), "--vhost", setup.VirtualHost, "--queue-type", queueType],
            new Dictionary<string, string>
            {
                ["RABBITMQ_ADMIN_USER"] = admin.User,
                ["RABBITMQ_ADMIN_PASSWORD"] = admin.Password,
                ["IMAGEPIPE_PROCESSOR_USER"] = setup.ProcessorUser,
                ["IMAGEPIPE_PROCESSOR_PASSWORD"] = setup.ProcessorPassword,
                ["IMAGEPIPE_SUBMITTER_USER"] = setup.SubmitterUser,
                ["IMAGEPIPE_SUBMITTER_PASSWORD"] = setup.SubmitterPassword,
                ["IMAGEPIPE_MONITOR_USER"] = setup.MonitorUser,
                ["IMAGEPIPE_MONITOR_PASSWORD"] = setup.MonitorPassword,
            });
        return setup;
    }

    /// <summary>The broker's description of every queue of the virtual host.</summary>
    public async Task<IReadOnlyList<QueueInfo>> ListQueuesAsync() =>
        await _management.GetFromJsonAsync<List<QueueInfo>>($"api/queues/{VirtualHost}") ?? [];

    public async ValueTask DisposeAsync()
    {
        await _management.DeleteAsync($"api/vhosts/{VirtualHost}");
        foreach (var user in new[] { ProcessorUser, SubmitterUser, MonitorUser })
            await _management.DeleteAsync($"api/users/{user}");
        _management.Dispose();
    }

    internal sealed record QueueInfo(string Name, string Type, int Messages,
        [property: System.Text.Json.Serialization.JsonPropertyName("effective_policy_definition")] Dictionary<string, object>? Policy);
}
