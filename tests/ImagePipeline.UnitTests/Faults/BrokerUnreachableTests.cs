using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ImagePipeline.Storage;
using ImagePipeline.Submitter;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.UnitTests.Faults;

/// <summary>
/// <c>imagepipe submit</c> against a broker port where nothing listens (connections are refused by the
/// operating system) and a file-system store: a setting to fix, reported with exit code 3, and no blob of the
/// job left in the store although the submit stored its inputs while the bus was trying to start.
/// </summary>
public sealed class BrokerUnreachableTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-nobroker-").FullName;

    [Fact]
    public async Task Submit_WhenTheBrokerRefusesConnections_ExitsWithThreeAndLeavesNothingStored()
    {
        var store = Path.Combine(_work, "store");
        var settings = Path.Combine(_work, "settings.json");
        await File.WriteAllTextAsync(settings, JsonSerializer.Serialize(new
        {
            RabbitMq = new { Host = "127.0.0.1", Port = ClosedPort(), Username = "guest", Password = "guest" },
            Storage = new { Provider = "FileSystem", RootPath = store },
        }));
        var blobs = new FileSystemBlobStore(store);
        using var finished = new CancellationTokenSource();
        var sawStoredInputs = WatchForJobBlobsAsync(blobs, finished.Token);

        var exitCode = await CliApplication.Create()
            .Parse(["submit", .. SampleImages.Files().Take(3), "--op", "invert", "--config", settings]).InvokeAsync();
        await finished.CancelAsync();

        Assert.Equal(ExitCodes.InfrastructureUnavailable, exitCode);
        Assert.True(await sawStoredInputs, "the submit should have stored inputs while the bus was starting");
        Assert.Empty(await blobs.ListKeysAsync("jobs/", CancellationToken.None).ToListAsync());
    }

    /// <summary>A local port that was free a moment ago, so a connection to it is refused.</summary>
    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static async Task<bool> WatchForJobBlobsAsync(IBlobStore blobs, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await blobs.ListKeysAsync("jobs/", CancellationToken.None).AnyAsync(CancellationToken.None))
                return true;
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
        return false;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
