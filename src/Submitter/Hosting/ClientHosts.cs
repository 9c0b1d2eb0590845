using ImagePipeline.Hosting;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Submitter.Hosting;

/// <summary>The hosts behind the commands: the whole pipeline in-process, or a client of the distributed one.</summary>
internal static class ClientHosts
{
    /// <summary>Everything in this process: in-memory transport, a local folder as blob store, processors and sagas.</summary>
    /// <param name="throwawayStore">The folder is deleted when the command ends: its writes need not survive a crash.</param>
    public static IHost Embedded(string workFolder, FileInfo? configFile, Action<HostApplicationBuilder>? configure = null, bool throwawayStore = false)
    {
        NativeHeap.KeepImageBuffers();
        var builder = CreateBuilder(configFile);
        configure?.Invoke(builder);
        builder.Services.AddSingleton(EmbeddedStore(workFolder, throwawayStore));
        builder.Services.AddPipelineBus(PipelineRoles.All, BusTransport.InMemory);
        builder.Services.AddPipelineJobs();
        return builder.Build();
    }

    /// <summary>
    /// A thrown-away store keeps its saga states in memory, like the in-memory bus keeps its messages: they are
    /// rewritten on every image, which as files cost a 200-image batch 4-13 % more CPU. A kept store (<c>watch</c>)
    /// keeps everything on disk.
    /// </summary>
    static IBlobStore EmbeddedStore(string workFolder, bool throwawayStore) =>
        throwawayStore
            ? new PrefixRoutedBlobStore(new FileSystemBlobStore(workFolder, throwaway: true), StoreLayout.SagaPrefix, new MemoryBlobStore())
            : new FileSystemBlobStore(workFolder);

    /// <summary>A client of the distributed pipeline: the configured blob store, and RabbitMQ when <paramref name="withBroker"/>.</summary>
    public static IHost Distributed(FileInfo? configFile, bool withBroker, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = CreateBuilder(configFile);
        configure?.Invoke(builder);
        AddDistributedClient(builder.Services, withBroker);
        builder.Services.AddPipelineJobs();
        var host = builder.Build();
        try
        {
            ValidateSettings(host.Services);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    /// <summary>
    /// The configured blob store, failing fast when it refuses (<see cref="CliBlobClient"/>), and with <paramref name="withBroker"/>
    /// RabbitMQ, whose refusal a command hears at once (<see cref="BrokerRefusal"/>).
    /// </summary>
    public static void AddDistributedClient(IServiceCollection services, bool withBroker = true)
    {
        services.AddBlobStore(CliBlobClient.Options());
        if (!withBroker)
            return;
        services.AddPipelineBus(PipelineRoles.None, BusTransport.RabbitMq);
        services.AddSingleton<BrokerRefusal>();
        services.AddReceiveEndpointObserver(provider => provider.GetRequiredService<BrokerRefusal>());
        services.AddSendObserver(provider => provider.GetRequiredService<BrokerRefusal>());
    }

    /// <summary>
    /// Every setting checked at once, so that a person fixes them in one go rather than one per run (whichever the
    /// command touched first would otherwise be the only one reported).
    /// </summary>
    public static void ValidateSettings(IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();

    static HostApplicationBuilder CreateBuilder(FileInfo? configFile)
    {
        // No defaults: a command-line tool must not pick up appsettings.json from wherever it is run,
        // nor write informational logs over its own output.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (configFile is not null)
            builder.Configuration.AddJsonFile(configFile.FullName, optional: false);
        builder.Configuration.AddEnvironmentVariables(prefix: "IMAGEPIPE_");

        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // What stops a command is reported by the command in one line (CommandGuard), not also as the bus's or the host's
        // logged exception with its stack; a background service that faults still logs it at Critical as it stops the host.
        builder.Logging.AddFilter("MassTransit", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        return builder;
    }
}
