using System.ComponentModel.DataAnnotations;

namespace ImagePipeline.Hosting.RabbitMq;

/// <summary>Where the broker is (section "RabbitMq"). Credentials come from configuration or the environment, never from code.</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required]
    public string VirtualHost { get; set; } = "/";

    [Required]
    public string? Username { get; set; }

    [Required]
    public string? Password { get; set; }

    /// <summary>
    /// How soon a silent connection counts as dead. The broker then returns the unacked tiles of a
    /// processor cut off from the network to the queue, for another processor to take.
    /// </summary>
    [Range(1, 600)]
    public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>
    /// The kind of the pipeline's durable queues: classic for a single node, quorum (replicated,
    /// with a delivery limit) for a cluster. Existing queues keep their type: see docs/DEPLOY.md.
    /// </summary>
    public RabbitMqQueueType QueueType { get; set; } = RabbitMqQueueType.Classic;

    /// <summary>
    /// The nodes of a broker cluster ("host" or "host:port"); when set, a connection goes to any node that
    /// answers, and after losing one the client reconnects to another. <see cref="Host"/> is then only a name.
    /// </summary>
    public string[] ClusterNodes { get; set; } = [];
}

public enum RabbitMqQueueType
{
    Classic,
    Quorum,
}
