namespace ImagePipeline.Hosting.Telemetry;

/// <summary>
/// Where the queue-depth gauges read the broker (section "Telemetry:QueueMetrics"): its management API,
/// as a user with the "monitoring" tag. Left without a ManagementUri, no gauge is sampled.
/// </summary>
public sealed class QueueMetricsOptions
{
    public const string SectionName = "Telemetry:QueueMetrics";

    public Uri? ManagementUri { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The pipeline's virtual host; defaults to RabbitMq:VirtualHost.</summary>
    public string? VirtualHost { get; set; }

    [System.ComponentModel.DataAnnotations.Range(1, 3600)]
    public int IntervalSeconds { get; set; } = 15;
}
