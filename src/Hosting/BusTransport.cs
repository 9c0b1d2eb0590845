namespace ImagePipeline.Hosting;

public enum BusTransport
{
    /// <summary>Everything in one process, no broker: the embedded default.</summary>
    InMemory,

    /// <summary>Durable queues on RabbitMQ: the distributed mode.</summary>
    RabbitMq,
}
