using System.Text.Json;
using ImagePipeline.ProcessorService;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Storage;
using ImagePipeline.WebUi;
using MassTransit.UsageTracking;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.UnitTests.Deploy;

/// <summary>
/// MassTransit 8.4+ reports usage to its vendor's host unless told not to. Every process of the pipeline tells it not to:
/// its usage tracker, the one thing that would send the report, is off in each host the programs build.
/// </summary>
public sealed class UsageTelemetryTests : IDisposable
{
    readonly TemporaryFolder _work = new();

    [Fact]
    public async Task EveryHost_WithNothingConfigured_HasMassTransitsUsageTelemetryOff()
    {
        Assert.True(Environment.GetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY") is null,
            "MASSTRANSIT_USAGE_TELEMETRY is set in this environment, which overrides the programs' setting");
        using var embedded = ClientHosts.Embedded(Path.Combine(_work.Path, "embedded"), configFile: null);
        // Settings a client needs to be built; nothing is started, so nothing need listen there.
        var settings = new FileInfo(Path.Combine(_work.Path, "settings.json"));
        await File.WriteAllTextAsync(settings.FullName, JsonSerializer.Serialize(new
        {
            RabbitMq = new { Username = "guest", Password = "guest" },
            Storage = new { Provider = "FileSystem", RootPath = Path.Combine(_work.Path, "store") },
        }));
        using var distributed = ClientHosts.Distributed(settings, withBroker: true);
        using var processor = ProcessorHost.CreateBuilder([]).Build();
        await using var web = WebUiApplication.Create(new WebUiSettings("http://127.0.0.1:0", Distributed: false, Path.Combine(_work.Path, "web"), ConfigFile: null));

        IServiceProvider[] programs = [embedded.Services, distributed.Services, processor.Services, web.Services];

        Assert.All(programs, services => Assert.False(Assert.IsType<UsageTracker>(services.GetRequiredService<IUsageTracker>()).Enabled));
    }

    public void Dispose() => _work.Dispose();
}
