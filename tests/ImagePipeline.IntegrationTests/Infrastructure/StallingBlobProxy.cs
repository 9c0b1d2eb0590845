using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP relay in front of the blob store that stops passing the store's answers on once <c>stallAfterBytes</c> have
/// gone through, as a network that hangs mid-transfer does, and keeps what clients sent, to show which ranges they asked for.
/// </summary>
public sealed partial class StallingBlobProxy : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    readonly StringBuilder _requests = new();
    readonly List<Task> _connections = [];
    readonly string _storeHost;
    readonly int _storePort;
    readonly long _stallAfterBytes;
    readonly Task _accepting;
    long _answered;
    int _stalled;

    /// <param name="connectionString">The store's connection string, with an http BlobEndpoint.</param>
    public StallingBlobProxy(string connectionString, long stallAfterBytes = long.MaxValue)
    {
        var endpoint = BlobEndpoint().Match(connectionString);
        if (!endpoint.Success)
            throw new ArgumentException("The connection string has no http BlobEndpoint to stand in front of.", nameof(connectionString));
        (_storeHost, _storePort, _stallAfterBytes) = (endpoint.Groups["host"].Value, int.Parse(endpoint.Groups["port"].Value), stallAfterBytes);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        ConnectionString = BlobEndpoint().Replace(connectionString, $"BlobEndpoint=http://127.0.0.1:{port}");
        _accepting = AcceptAsync();
    }

    /// <summary>The store's connection string, through this relay.</summary>
    public string ConnectionString { get; }

    /// <summary>Whether answers have been held back.</summary>
    public bool HasStalled => Volatile.Read(ref _stalled) != 0;

    /// <summary>Everything clients sent, as text (headers are ASCII).</summary>
    public string Requests
    {
        get { lock (_requests) return _requests.ToString(); }
    }

    async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_connections)
                    _connections.Add(RelayAsync(client));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var store = new TcpClient())
        {
            try
            {
                await store.ConnectAsync(_storeHost, _storePort, _stop.Token);
                await Task.WhenAny(PumpAsync(client.GetStream(), store.GetStream(), toStore: true), PumpAsync(store.GetStream(), client.GetStream(), toStore: false));
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException)
            {
                // A side closed, or the relay was disposed: closing both ends is all there is to do.
            }
        }
    }

    async Task PumpAsync(NetworkStream from, NetworkStream to, bool toStore)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (toStore)
                {
                    lock (_requests)
                        _requests.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }
                else if (Interlocked.Add(ref _answered, read) > _stallAfterBytes)
                {
                    Volatile.Write(ref _stalled, 1);
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The other side went away (a killed client), or the relay was disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] connections;
        lock (_connections)
            connections = [.. _connections];
        await Task.WhenAll(connections);
        _stop.Dispose();
    }

    [GeneratedRegex(@"BlobEndpoint=http://(?<host>[^:/;]+):(?<port>\d+)")]
    private static partial Regex BlobEndpoint();
}
