using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Hosting.RabbitMq;

/// <summary>Declares the pipeline's receive queues as classic or quorum queues, from <see cref="RabbitMqOptions.QueueType"/>.</summary>
internal static class RabbitMqQueueTypes
{
    public static void Apply(IRegistrationContext context, string queueName, IReceiveEndpointConfigurator endpoint)
    {
        var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
        // Quorum queues are replicated over the cluster's nodes (a majority must confirm each message),
        // survive the loss of a minority of nodes, and count redeliveries so a delivery limit can apply.
        if (options.QueueType == RabbitMqQueueType.Quorum && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            rabbit.SetQuorumQueue();
    }
}
