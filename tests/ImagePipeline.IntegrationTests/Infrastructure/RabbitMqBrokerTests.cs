using System.Net.Sockets;

namespace ImagePipeline.IntegrationTests.Infrastructure;

public sealed class RabbitMqBrokerTests
{
    [Fact]
    public async Task StartAsync_GivesBrokerThatSpeaksAmqp()
    {
        await using var broker = await RabbitMqBroker.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(broker.Endpoint.Host, broker.Endpoint.Port);
        var stream = client.GetStream();

        // The AMQP 0-9-1 protocol header; a broker answers with a method frame (type 1): Connection.Start.
        await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray());
        var frame = new byte[7];
        await stream.ReadExactlyAsync(frame).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, frame[0]);
    }

    [Fact]
    public async Task StartAsync_GivesBrokerWithManagementApi()
    {
        await using var broker = await RabbitMqBroker.StartAsync();
        var management = broker.Endpoint.ManagementUri
            ?? throw new InvalidOperationException($"{TestEnvironment.RabbitMqManagementPortVariable} is not set.");
        using var http = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = BasicAuthentication.For(broker.Endpoint.Username, broker.Endpoint.Password);

        using var response = await http.GetAsync("api/overview");

        Assert.True(response.IsSuccessStatusCode, $"GET api/overview: {(int)response.StatusCode}");
    }
}
