using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Hosting.Telemetry;

public static class PipelineMetricsRegistration
{
    /// <summary>
    /// The pipeline's meter and what feeds it: tile and job observers on the bus and, with
    /// <paramref name="sampleBrokerQueues"/> (a RabbitMQ bus) and Telemetry:QueueMetrics set, the queue gauges.
    /// Exported when Telemetry:Exporter is not none.
    /// </summary>
    public static IServiceCollection AddPipelineMetrics(this IServiceCollection services, bool sampleBrokerQueues)
    {
        services.AddSingleton<PipelineMetrics>();
        services.AddConsumeObserver<TileMetricsObserver>();
        services.AddPublishObserver<JobLatencyObserver>();
        if (sampleBrokerQueues)
        {
            services.AddOptions<QueueMetricsOptions>().BindConfiguration(QueueMetricsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
            services.AddHostedService<BrokerQueueSampler>();
        }

        return services;
    }

    /// <summary>Every consumed message logs inside a scope with its job, image and tile ids.</summary>
    internal static void UseLogScopes(IRegistrationContext context, string queueName, IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseConsumeFilter(typeof(LogScopeFilter<>), context);
}
