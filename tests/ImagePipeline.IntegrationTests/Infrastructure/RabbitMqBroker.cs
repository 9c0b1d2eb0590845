using DotNet.Testcontainers.Builders;
using Testcontainers.RabbitMq;

namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>
/// A RabbitMQ broker for tests: a throw-away container where a Docker engine runs, otherwise the
/// broker that scripts/test.sh started (see <see cref="TestEnvironment"/>). Fails loudly when
/// neither is there. Dispose it to remove the container; the external broker is left running.
/// </summary>
public sealed class RabbitMqBroker : IAsyncDisposable
{
    // With the management plugin, which MassTransit's test harness uses to create and clean virtual hosts.
    private const string Image = "rabbitmq:3.13-management";
    private const int AmqpPort = 5672;
    private const int ManagementPort = 15672;

    private readonly RabbitMqContainer? container;

    private RabbitMqBroker(RabbitMqEndpoint endpoint, RabbitMqContainer? container)
    {
        Endpoint = endpoint;
        this.container = container;
    }

    public RabbitMqEndpoint Endpoint { get; }

    /// <summary>True when the broker is a container of this test run, false for the external one.</summary>
    public bool IsContainer => container is not null;

    /// <summary>The broker scripts/test.sh started, never a container: for tests that stop and restart it.</summary>
    public static RabbitMqBroker FromEnvironment() =>
        new(TestEnvironment.RequireRabbitMq("This test restarts the broker started by scripts/test.sh, but "), container: null);

    public static async Task<RabbitMqBroker> StartAsync(CancellationToken cancellationToken = default)
    {
        RabbitMqContainer container;
        try
        {
            container = new RabbitMqBuilder(Image).WithPortBinding(ManagementPort, assignRandomHostPort: true).Build();
        }
        catch (DockerUnavailableException e)
        {
            // No Docker engine (as on the project's machines): Build() says so within a second.
            var endpoint = TestEnvironment.RequireRabbitMq(
                $"No RabbitMQ for the tests: Testcontainers cannot reach Docker ({e.Message.Split('\n')[0]}) and ");
            return new RabbitMqBroker(endpoint, container: null);
        }

        try
        {
            await container.StartAsync(cancellationToken);
            var address = new Uri(container.GetConnectionString());
            var credentials = address.UserInfo.Split(':', 2);
            var endpoint = new RabbitMqEndpoint(
                container.Hostname,
                container.GetMappedPublicPort(AmqpPort),
                Uri.UnescapeDataString(credentials[0]),
                Uri.UnescapeDataString(credentials.ElementAtOrDefault(1) ?? string.Empty),
                container.GetMappedPublicPort(ManagementPort));
            return new RabbitMqBroker(endpoint, container);
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }
}
