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
/// job left in the store although the submit stored its submission record before it asked for the bus.
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
        // The first blob under each root folder creates that folder: a notification the submit cannot outrun,
        // where polling could miss a record written and removed between two looks.
        var createdFolders = new List<string>();
        using var watcher = new FileSystemWatcher(store) { NotifyFilter = NotifyFilters.DirectoryName };
        watcher.Created += (_, created) => { lock (createdFolders) createdFolders.Add(created.Name!); };
        watcher.EnableRaisingEvents = true;

        var exitCode = await CliApplication.Create()
            .Parse(["submit", .. SampleImages.Files().Take(3), "--op", "invert", "--config", settings]).InvokeAsync();

        Assert.Equal(ExitCodes.InfrastructureUnavailable, exitCode);
        await WaitForAsync(() => { lock (createdFolders) return createdFolders.Contains("submissions"); },
            "the submit should have stored its submission record before the bus failed");
        Assert.Empty(await blobs.ListKeysAsync("", CancellationToken.None).ToListAsync());
    }

    /// <summary>A local port that was free a moment ago, so a connection to it is refused.</summary>
    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Notifications arrive on another thread, shortly after the change.</summary>
    static async Task WaitForAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(20);
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
