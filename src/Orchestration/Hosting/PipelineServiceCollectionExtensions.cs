using ImagePipeline.Orchestration.Assembly;
using ImagePipeline.Orchestration.Cancellation;
using ImagePipeline.Orchestration.Cleanup;
using ImagePipeline.Orchestration.Jobs;
using ImagePipeline.Orchestration.Passes;
using ImagePipeline.Orchestration.Processing;
using ImagePipeline.Orchestration.Sagas;
using ImagePipeline.Orchestration.Sagas.Persistence;
using ImagePipeline.Orchestration.Telemetry;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using JobStateMachine = ImagePipeline.Orchestration.Sagas.JobStateMachine;

namespace ImagePipeline.Orchestration.Hosting;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>The message bus, with the consumers and sagas of <paramref name="roles"/>, over <paramref name="transport"/>.</summary>
    public static IServiceCollection AddPipelineBus(this IServiceCollection services, PipelineRoles roles, BusTransport transport)
    {
        services.AddPipelineProcessingOptions();
        if (roles.HasFlag(PipelineRoles.Processor))
        {
            services.AddSingleton<CancellationMarkers>();
            services.AddSingleton<TileWorker>();
        }
        if (roles.HasFlag(PipelineRoles.Assembler))
        {
            services.AddSingleton<ImageAssembler>();
            services.AddSingleton<StatisticsReducer>();
        }

        if ((roles & (PipelineRoles.Processor | PipelineRoles.Assembler)) != PipelineRoles.None)
            services.AddHostedService<OpenCvThreadSetup>();

        services.AddPipelineMetrics(transport);
        if (transport == BusTransport.RabbitMq)
        {
            services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        }

        services.AddMassTransit(bus =>
        {
            // MassTransit 8.4+ reports usage to its vendor unless told not to: no connection the user did not configure.
            bus.DisableUsageTelemetry();
            if (roles.HasFlag(PipelineRoles.Processor))
                bus.AddConsumer<ProcessTileConsumer, ProcessTileConsumerDefinition>();
            if (roles.HasFlag(PipelineRoles.Assembler))
            {
                // Image-level work: reducing a pass's statistics, assembly, and removing what a failed image left.
                bus.AddConsumer<AssembleImageConsumer, AssembleImageConsumerDefinition>();
                bus.AddConsumer<ReduceTileStatisticsConsumer, ReduceTileStatisticsConsumerDefinition>();
                bus.AddConsumer<RemoveImageIntermediatesConsumer, RemoveImageIntermediatesConsumerDefinition>();
            }

            if (roles.HasFlag(PipelineRoles.Sagas))
            {
                bus.AddSagaStateMachine<ImageStateMachine, ImageState, ImageStateDefinition>().Repository(r => r.UseBlobStore());
                bus.AddSagaStateMachine<JobStateMachine, JobState, JobStateDefinition>().Repository(r => r.UseBlobStore());
            }

            bus.AddConfigureEndpointsCallback(PipelineMetricsRegistration.UseLogScopes);
            if (transport == BusTransport.RabbitMq)
                bus.AddConfigureEndpointsCallback(RabbitMqQueueTypes.Apply);

            if (transport == BusTransport.InMemory)
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            else
                bus.UsingRabbitMq((context, cfg) =>
                {
                    var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                    cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, host =>
                    {
                        host.Username(options.Username!);
                        host.Password(options.Password!);
                        host.Heartbeat(TimeSpan.FromSeconds(options.HeartbeatSeconds));
                        host.RequestedConnectionTimeout(TimeSpan.FromSeconds(options.ConnectTimeoutSeconds));
                        host.PublisherConfirmation = true;
                        // The configured host comes first: MassTransit tries one node per connection
                        // attempt, in order, so a dead node listed first would cost a retry back-off.
                        if (options.ClusterNodes.Length > 0)
                            host.UseCluster(cluster =>
                            {
                                cluster.Node($"{options.Host}:{options.Port}");
                                Array.ForEach(options.ClusterNodes, cluster.Node);
                            });
                    });
                    cfg.ConfigureSend(send => send.UseExecute(AmqpTimestamps.Stamp));
                    cfg.ConfigurePublish(publish => publish.UseExecute(AmqpTimestamps.Stamp));
                    cfg.ConfigureEndpoints(context);
                });
        });

        services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            options.WaitUntilStarted = true;
            // Below the host's shutdown timeout, so in-flight tiles finish or return to the queue cleanly.
            options.StopTimeout = TimeSpan.FromSeconds(20);
        });
        return services;
    }

    /// <summary>Submitting, watching and downloading jobs.</summary>
    public static IServiceCollection AddPipelineJobs(this IServiceCollection services)
    {
        services.AddPipelineProcessingOptions();
        services.AddSingleton<StartedBus>();
        services.AddSingleton<JobSubmitter>();
        services.AddSingleton<JobStatusReader>();
        services.AddSingleton<JobEndSignals>();
        services.AddSingleton<JobEndListener>();
        services.AddSingleton<JobWaiter>();
        services.AddSingleton<ResultDownloader>();
        return services;
    }

    static IServiceCollection AddPipelineProcessingOptions(this IServiceCollection services)
    {
        services.AddOptions<ProcessingOptions>().BindConfiguration(ProcessingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
