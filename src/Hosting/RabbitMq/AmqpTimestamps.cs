using MassTransit;
using RabbitMQ.Client;

namespace ImagePipeline.Hosting.RabbitMq;

/// <summary>
/// Stamps each message sent to RabbitMQ with the AMQP timestamp property, which MassTransit leaves
/// unset. The broker reports the head message's timestamp per queue, which is how the
/// <c>imagepipe.queue.oldest_message_age</c> gauge knows how long the oldest tile has waited.
/// </summary>
internal static class AmqpTimestamps
{
    public static void Stamp(SendContext context)
    {
        if (context is RabbitMqSendContext rabbit)
            rabbit.BasicProperties.Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }
}
