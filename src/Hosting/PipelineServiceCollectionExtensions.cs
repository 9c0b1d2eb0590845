using ImagePipeline.Client;
using ImagePipeline.Client.Catalog;
using ImagePipeline.Client.Downloads;
using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Hosting.RabbitMq;
using ImagePipeline.Hosting.Telemetry;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Caching;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Protocol.Submission;
using ImagePipeline.Sagas;
using ImagePipeline.Sagas.Persistence;
using ImagePipeline.Sagas.Reconciling;
using ImagePipeline.Workers;
using ImagePipeline.Workers.Assembly;
using ImagePipeline.Workers.Cleanup;
using ImagePipeline.Workers.Passes;
using ImagePipeline.Workers.Tiles;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using JobStateMachine = ImagePipeline.Sagas.JobStateMachine;

namespace ImagePipeline.Hosting;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>The message bus, with the consumers and sagas of <paramref name="roles"/>, over <paramref name="transport"/>.</summary>
    public static IServiceCollection AddPipelineBus(this IServiceCollection services, PipelineRoles roles, BusTransport transport)
    {
        services.AddPipelineProtocol();
        if (roles.HasFlag(PipelineRoles.Processor))
        {
            services.AddSingleton<CancellationMarkers>();
            services.AddSingleton<TileInputs>();
            services.AddSingleton<TileWorker>();
            services.AddSingleton<TileTurns>();
            services.TryAddSingleton<OutputWriter>();
        }
        if (roles.HasFlag(PipelineRoles.Assembler))
        {
            services.AddSingleton<ImageAssembler>();
            services.AddSingleton<StatisticsReducer>();
            services.AddSingleton<ImageCleanup>();
            services.TryAddSingleton<OutputWriter>();
        }

        if (roles.HasFlag(PipelineRoles.Sagas))
        {
            services.AddHostedService<AbandonedSubmissions>();
            services.AddHostedService<AbandonedJobCollection>();
        }
        // Stalled jobs are told by empty queues, which only a broker can show; the embedded pipeline's sagas run in the same process as its work.
        if (roles.HasFlag(PipelineRoles.Sagas) && transport == BusTransport.RabbitMq)
        {
            services.TryAddSingleton<ParkedMessages>();
            services.AddSingleton<IPipelineQueues, RabbitMqPipelineQueues>();
            services.TryAddSingleton(TimeProvider.System);
            services.AddHostedService<StalledJobs>();
        }

        if ((roles & (PipelineRoles.Processor | PipelineRoles.Assembler)) != PipelineRoles.None)
            services.AddHostedService<OpenCvThreadSetup>();

        services.AddPipelineMetrics(sampleBrokerQueues: transport == BusTransport.RabbitMq);
        if (transport == BusTransport.RabbitMq)
            services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddMassTransit(bus =>
        {
            // MassTransit 8.4+ reports usage to its vendor unless told not to: no connection the user did not configure.
            bus.DisableUsageTelemetry();
            if (roles.HasFlag(PipelineRoles.Processor))
                bus.AddProcessTileConsumer();
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

            // The tile lanes are configured by hand, before the endpoints of every other consumer and saga.
            Action<IBusFactoryConfigurator, IBusRegistrationContext> lanes = roles.HasFlag(PipelineRoles.Processor)
                ? (cfg, context) => cfg.ConfigureProcessTileLanes(context)
                : (_, _) => { };
            if (transport == BusTransport.InMemory)
                bus.UsingInMemory((context, cfg) =>
                {
                    lanes(cfg, context);
                    cfg.ConfigureEndpoints(context);
                });
            else
                bus.UsingPipelineRabbitMq(lanes);
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
        services.AddPipelineProtocol();
        services.AddSingleton<StartedBus>();
        services.AddSingleton<JobSubmitter>();
        services.AddSingleton<JobStatusReader>();
        services.AddSingleton<JobCatalog>();
        services.AddSingleton<JobEndSignals>();
        services.AddSingleton<JobEndListener>();
        services.AddSingleton<JobWaiter>();
        services.AddSingleton<ResultDownloader>();
        return services;
    }

    /// <summary>Replaying a job's parked messages from the error queues (<c>imagepipe retry</c>): the broker's settings only, no bus.</summary>
    public static IServiceCollection AddParkedMessages(this IServiceCollection services)
    {
        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ParkedMessages>();
        return services;
    }

    /// <summary>What every role shares: the processing settings, and the store's cancel markers, kept results and published status.</summary>
    static IServiceCollection AddPipelineProtocol(this IServiceCollection services)
    {
        services.AddOptions<ProcessingOptions>().BindConfiguration(ProcessingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<JobCancellation>();
        services.TryAddSingleton<ResultCache>();
        services.TryAddSingleton<StatusDocuments>();
        services.TryAddSingleton<SubmissionRecords>();
        return services;
    }
}
