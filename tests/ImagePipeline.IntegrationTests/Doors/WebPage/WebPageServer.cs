using System.Net;
using System.Net.Sockets;
using ImagePipeline.WebUi;
using Microsoft.AspNetCore.Builder;

namespace ImagePipeline.IntegrationTests.Doors.WebPage;

/// <summary>
/// <c>imagepipe serve</c>'s application, embedded, on a free loopback port with its own work folder; it can be
/// stopped and started again on the same port and folder, as a restarted server would be.
/// </summary>
public sealed class WebPageServer : IAsyncDisposable
{
    readonly IReadOnlyDictionary<string, string?>? _overrides;
    WebApplication? _app;

    WebPageServer(IReadOnlyDictionary<string, string?>? overrides)
    {
        _overrides = overrides;
        Url = $"http://127.0.0.1:{FreePort()}";
    }

    public string Url { get; }

    public string WorkFolder { get; } = Directory.CreateTempSubdirectory("imagepipe-web-").FullName;

    public static async Task<WebPageServer> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var server = new WebPageServer(overrides);
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        _app = WebUiApplication.Create(new WebUiSettings(Url, Distributed: false, WorkFolder, ConfigFile: null, _overrides));
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(WorkFolder, recursive: true);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
