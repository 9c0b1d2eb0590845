using System.Globalization;

namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>
/// The services that scripts/test.sh starts outside the test process (as MassTransit's own suite
/// does), described by environment variables. A test that needs one and finds it missing fails
/// with a message saying how to get it; it is never skipped.
/// </summary>
public static class TestEnvironment
{
    public const string BlobConnectionVariable = "IMAGEPIPE_TEST_BLOB_CONNECTION";
    public const string RabbitMqHostVariable = "IMAGEPIPE_TEST_RABBITMQ_HOST";
    public const string RabbitMqPortVariable = "IMAGEPIPE_TEST_RABBITMQ_PORT";
    public const string RabbitMqUserVariable = "IMAGEPIPE_TEST_RABBITMQ_USER";
    public const string RabbitMqPasswordVariable = "IMAGEPIPE_TEST_RABBITMQ_PASSWORD";
    public const string RabbitMqManagementPortVariable = "IMAGEPIPE_TEST_RABBITMQ_MANAGEMENT_PORT";

    private const string HowToRun =
        "Run the integration tests with scripts/test.sh, which starts a local RabbitMQ and Azurite and sets it; " +
        "or start them with deploy/rabbitmq/start-local.sh and scripts/start-azurite.sh and export the variables yourself.";

    /// <summary>The Azurite (or Azure Storage) connection string.</summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static string BlobConnectionString =>
        Get(BlobConnectionVariable) ?? throw new InvalidOperationException($"{BlobConnectionVariable} is not set. {HowToRun}");

    /// <summary>The broker given by the environment, or null when <see cref="RabbitMqHostVariable"/> is not set.</summary>
    /// <remarks>User and password default to guest/guest, which RabbitMQ accepts from loopback only; the port to 5672.</remarks>
    public static RabbitMqEndpoint? RabbitMq => Get(RabbitMqHostVariable) is { } host
        ? new RabbitMqEndpoint(
            host,
            GetPort(RabbitMqPortVariable) ?? 5672,
            Get(RabbitMqUserVariable) ?? "guest",
            Get(RabbitMqPasswordVariable) ?? "guest",
            GetPort(RabbitMqManagementPortVariable))
        : null;

    /// <exception cref="InvalidOperationException">No broker is configured.</exception>
    public static RabbitMqEndpoint RequireRabbitMq(string? context = null) =>
        RabbitMq ?? throw new InvalidOperationException($"{context}{RabbitMqHostVariable} is not set. {HowToRun}");

    private static string? Get(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static int? GetPort(string name) => Get(name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 => port,
        var text => throw new InvalidOperationException($"{name} must be a TCP port number, not '{text}'."),
    };
}
