using System.ComponentModel.DataAnnotations;

namespace ImagePipeline.Hosting.RabbitMq;

/// <summary>Where the broker is (section "RabbitMq"). Credentials come from configuration or the environment, never from code.</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    [Required(ErrorMessage = "RabbitMq:Host is required (IMAGEPIPE_RabbitMq__Host).")]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535, ErrorMessage = "RabbitMq:Port must be a TCP port, 1 to 65535.")]
    public int Port { get; set; } = 5672;

    [Required(ErrorMessage = "RabbitMq:VirtualHost is required (IMAGEPIPE_RabbitMq__VirtualHost; / is the broker's default).")]
    public string VirtualHost { get; set; } = "/";

    [Required(ErrorMessage = "RabbitMq:Username is required (IMAGEPIPE_RabbitMq__Username).")]
    public string? Username { get; set; }

    [Required(ErrorMessage = "RabbitMq:Password is required (IMAGEPIPE_RabbitMq__Password).")]
    public string? Password { get; set; }

    /// <summary>
    /// How soon a silent connection counts as dead. The broker then returns the unacked tiles of a
    /// processor cut off from the network to the queue, for another processor to take.
    /// </summary>
    [Range(1, 600)]
    public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>
    /// How long a connection attempt may wait for the broker to answer. A broker on the network answers in
    /// milliseconds; a command whose broker address is wrong says so within seconds instead of MassTransit's ten.
    /// </summary>
    [Range(1, 120)]
    public int ConnectTimeoutSeconds { get; set; } = 5;

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
