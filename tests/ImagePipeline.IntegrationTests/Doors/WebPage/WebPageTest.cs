using Microsoft.Playwright;

namespace ImagePipeline.IntegrationTests.Doors.WebPage;

/// <summary>What every web page test has: chromium, a server started by the test (with its settings), and a temporary folder.</summary>
public abstract class WebPageTest : IAsyncLifetime
{
    WebPageServer? _server;

    /// <summary>
    /// Settings for tests that act while a batch runs: one tile at a time makes the batch last seconds even
    /// on a fast machine, so "still running" does not depend on the machine's speed or load.
    /// </summary>
    protected static readonly IReadOnlyDictionary<string, string?> OneTileAtATime = new Dictionary<string, string?>
    {
        ["Processing:ConcurrentTiles"] = "1",
    };

    protected Chromium Chromium { get; private set; } = null!;

    protected WebPageServer Server => _server ?? throw new InvalidOperationException("Start the server first.");

    protected string Temporary { get; } = Directory.CreateTempSubdirectory("imagepipe-web-test-").FullName;

    /// <summary>Starts the server (with <paramref name="settings"/> overriding its configuration) and opens the page in a new context.</summary>
    protected async Task<BatchPage> OpenAsync(IReadOnlyDictionary<string, string?>? settings = null, ViewportSize? viewport = null)
    {
        _server ??= await WebPageServer.StartAsync(settings);
        var page = new BatchPage(await Chromium.NewPageAsync(viewport), _server.Url);
        await page.OpenAsync();
        return page;
    }

    public async Task InitializeAsync() => Chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        if (_server is not null)
            await _server.DisposeAsync();
        Directory.Delete(Temporary, recursive: true);
    }
}
