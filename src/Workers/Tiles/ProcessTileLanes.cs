using ImagePipeline.Protocol;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Workers.Tiles;

/// <summary>
/// The tile consumer on every lane of <see cref="QueueNames.ProcessTileLanes"/>. Each lane prefetches on its own,
/// so a batch backlog never stands in front of an interactive tile and a new batch's lane delivers while an older
/// batch's is full; <see cref="TileTurns"/> then chooses among what was delivered.
/// </summary>
public static class ProcessTileLanes
{
    /// <summary>Registers the consumer for <see cref="ConfigureProcessTileLanes"/>, outside the one-endpoint-per-consumer convention.</summary>
    public static void AddProcessTileConsumer(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ProcessTileConsumer>().ExcludeFromConfigureEndpoints();
    }

    public static void ConfigureProcessTileLanes(this IBusFactoryConfigurator bus, IBusRegistrationContext context)
    {
        var options = context.GetRequiredService<IOptions<ProcessingOptions>>().Value;
        foreach (var lane in QueueNames.ProcessTileLanes())
            bus.ReceiveEndpoint(lane, endpoint =>
            {
                // Commands are sent to a lane, never published: no binding of the message type may copy one to every lane.
                endpoint.ConfigureConsumeTopology = false;
                endpoint.PrefetchCount = options.PrefetchCount;
                // Everything prefetched enters the consumer and waits for its turn there, where the choice is made.
                endpoint.ConcurrentMessageLimit = options.PrefetchCount;
                context.GetConfigureReceiveEndpoints().Configure(lane, endpoint);
                TransientFailurePolicy.Apply(endpoint, options.EffectiveRetryDelaysMs);
                endpoint.ConfigureConsumer<ProcessTileConsumer>(context);
            });
    }
}
