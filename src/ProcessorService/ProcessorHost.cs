using ImagePipeline.Hosting;
using ImagePipeline.Hosting.Health;
using MassTransit;

namespace ImagePipeline.ProcessorService;

/// <summary>
/// A worker host: consumes tile and assembly commands and, by default, hosts the job and image sagas too (their
/// state is in the blob store, so every processor can share that work).
/// </summary>
internal static class ProcessorHost
{
    /// <summary>What the processor exits with when its settings are missing or wrong: sysexits' EX_CONFIG, which the systemd unit does not restart on.</summary>
    public const int SettingsExitCode = 78;

    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddEnvironmentVariables(prefix: "IMAGEPIPE_");
        // Settings that stop the start are said once, in one line (Program.cs), not also as the host's logged exception.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        builder.Services.AddSystemd();
        builder.Services.AddProcessorHostOptions();
        builder.Services.AddBlobStoreWithHealth();
        builder.Services.AddPipelineBus(builder.Configuration.GetProcessorRoles(), BusTransport.RabbitMq);
        builder.Services.AddBrokerHealth();
        builder.Services.AddSingleton<QueueConflictGuard>();
        builder.Services.AddReceiveEndpointObserver(services => services.GetRequiredService<QueueConflictGuard>());
        builder.Services.AddPipelineTelemetry(builder.Configuration, serviceName: "imagepipe-processor");
        return builder;
    }
}
