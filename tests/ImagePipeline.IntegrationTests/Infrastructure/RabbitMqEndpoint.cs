namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>Where a test broker listens and how to log in. Test credentials only.</summary>
public sealed record RabbitMqEndpoint(string Host, int Port, string Username, string Password, int? ManagementPort)
{
    /// <summary>The AMQP address with credentials, e.g. for MassTransit's <c>cfg.Host(uri)</c>.</summary>
    public Uri AmqpUri => new UriBuilder("amqp", Host, Port, "/")
    {
        UserName = Uri.EscapeDataString(Username),
        Password = Uri.EscapeDataString(Password),
    }.Uri;

    /// <summary>The management HTTP API root, needed to create and remove virtual hosts; null without the plugin.</summary>
    public Uri? ManagementUri => ManagementPort is { } port ? new UriBuilder("http", Host, port, "/").Uri : null;
}
