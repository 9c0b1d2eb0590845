using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Hosting.RabbitMq;

internal static class RabbitMqTransport
{
    /// <summary>The bus over the configured broker (<see cref="RabbitMqOptions"/>), or cluster, with publisher confirms.</summary>
    /// <param name="configureFirst">Receive endpoints configured by hand, before those of <c>ConfigureEndpoints</c>.</param>
    public static void UsingPipelineRabbitMq(this IBusRegistrationConfigurator bus, Action<IBusFactoryConfigurator, IBusRegistrationContext> configureFirst) =>
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
            configureFirst(cfg, context);
            cfg.ConfigureEndpoints(context);
        });
}
