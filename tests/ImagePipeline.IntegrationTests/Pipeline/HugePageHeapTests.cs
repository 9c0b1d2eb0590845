using ImagePipeline.IntegrationTests.Infrastructure;

namespace ImagePipeline.IntegrationTests.Pipeline;

/// <summary>
/// The processes that handle large pixel buffers restart themselves, once, with glibc's heap on transparent
/// huge pages (HugePageHeap), and keep their process id and name; an operator's own GLIBC_TUNABLES wins.
/// </summary>
public sealed class HugePageHeapTests : IAsyncLifetime
{
    const string HugePageTunable = "GLIBC_TUNABLES=glibc.malloc.hugetlb=1";
    static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-hugepages-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    // Debian's default; with "always" every process has huge pages already, with "never" none can.
    static bool KernelGrantsHugePagesOnRequest =>
        File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[madvise]", StringComparison.Ordinal);

    [Fact]
    public async Task Processor_AfterProcessingALargeImage_RunsWithItsHeapOnHugePagesUnderItsOwnName()
    {
        var processor = _pipeline.StartProcessor("processor", concurrentTiles: 2);
        await ProcessALargeImageAsync();

        var environment = EnvironmentOf(processor.Id);
        if (KernelGrantsHugePagesOnRequest)
        {
            Assert.Contains(HugePageTunable, environment);
            Assert.Equal("dotnet", NameOf(processor.Id));
        }
        else
        {
            Assert.DoesNotContain(environment, variable => variable.StartsWith("GLIBC_TUNABLES=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Processor_WhenTheOperatorSetsGlibcTunables_KeepsThemAsGiven()
    {
        var processor = _pipeline.StartProcessor("processor", concurrentTiles: 2,
            settings: new Dictionary<string, string> { ["GLIBC_TUNABLES"] = "glibc.malloc.hugetlb=0" });
        await ProcessALargeImageAsync();

        var environment = EnvironmentOf(processor.Id);
        Assert.Contains("GLIBC_TUNABLES=glibc.malloc.hugetlb=0", environment);
        Assert.DoesNotContain(HugePageTunable, environment);
    }

    [Fact]
    public async Task Watch_ALongLivedCommand_RestartsWithHugePagesBeforeItStarts()
    {
        var root = Path.Combine(_work, "watched");
        var watch = _pipeline.StartCli("imagepipe watch", "watch", root);

        // The watcher makes its folders once its host runs, which is after any restart.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!Directory.Exists(Path.Combine(root, "inbox")) && DateTime.UtcNow < deadline && !watch.HasExited)
            await Task.Delay(100);
        Assert.True(Directory.Exists(Path.Combine(root, "inbox")), watch.Output);

        Assert.Equal(KernelGrantsHugePagesOnRequest, EnvironmentOf(watch.Id).Contains(HugePageTunable));
        Assert.Equal("dotnet", NameOf(watch.Id));
    }

    async Task ProcessALargeImageAsync()
    {
        var inputs = Path.Combine(_work, "in");
        TestImages.WriteLarge(inputs, 3000, 2000);
        var jobId = await _pipeline.SubmitAsync(inputs, "gaussian", tileSize: 2048);
        var progress = await _pipeline.WaitForJobAsync(jobId, JobTimeout);
        Assert.Equal(1, progress.Done);
    }

    static string[] EnvironmentOf(int processId) =>
        File.ReadAllText($"/proc/{processId}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    static string NameOf(int processId) => File.ReadAllText($"/proc/{processId}/comm").Trim();

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
