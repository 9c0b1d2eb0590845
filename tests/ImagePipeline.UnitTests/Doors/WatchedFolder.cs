using ImagePipeline.Client.Watching;
using ImagePipeline.Submitter.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ImagePipeline.UnitTests.Doors;

/// <summary>A watched folder served by the embedded pipeline in this process, as <c>imagepipe watch</c> runs it.</summary>
internal sealed class WatchedFolder : IAsyncDisposable
{
    IHost? _host;

    public WatchedFolder() => Layout = new WatchFolderLayout(Directory.CreateTempSubdirectory("imagepipe-watch-").FullName);

    public WatchFolderLayout Layout { get; }

    public string Inbox(string operation)
    {
        var folder = Path.Combine(Layout.Inbox, operation);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public async Task StartAsync()
    {
        _host = ClientHosts.Embedded(Path.Combine(Layout.Root, ".store"), configFile: null, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Watch:Folder"] = Layout.Root,
                ["Watch:QuietSeconds"] = "0.5",
                ["Watch:PollMilliseconds"] = "100",
                ["Watch:BatchSize"] = "2",
                ["Watch:ResubmitUnfinished"] = "true",
                ["Watch:DeleteDeliveredJobs"] = "true",
            });
            builder.Services.AddFolderWatcher();
        });
        await _host.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_host is null)
            return;
        await _host.StopAsync();
        _host.Dispose();
        _host = null;
    }

    public static string[] FilesIn(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder).Select(file => Path.GetFileName(file)).Order(StringComparer.Ordinal).ToArray() : [];

    /// <summary>
    /// Waits until processing/ is empty, claim folders included, and <paramref name="expectedEnded"/>
    /// originals are in done/ or failed/. A claim's files leave its folder before the folder itself is
    /// deleted, so counting files alone could return in between.
    /// </summary>
    public async Task WaitUntilSettledAsync(int expectedEnded, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(1));
        while (DateTime.UtcNow < deadline)
        {
            var ended = Count(Layout.Done) + Count(Layout.Failed, excludeReasons: true);
            if (ended >= expectedEnded && IsEmpty(Layout.Processing))
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"Watched folder did not settle: done {Count(Layout.Done)}, failed {Count(Layout.Failed, true)}, " +
            $"processing {Count(Layout.Processing)}, inbox {Count(Layout.Inbox)}.");
    }

    static bool IsEmpty(string folder) => !Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any();

    static int Count(string folder, bool excludeReasons = false) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Count(file => !(excludeReasons && file.EndsWith(".reason.txt", StringComparison.Ordinal)))
            : 0;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(Layout.Root, recursive: true);
    }
}
