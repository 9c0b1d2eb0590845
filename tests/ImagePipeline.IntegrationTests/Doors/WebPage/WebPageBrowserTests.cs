using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.UnitTests.Support;
using ImagePipeline.UnitTests.TestData;
using ImagePipeline.WebUi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using OpenCvSharp;

namespace ImagePipeline.IntegrationTests.Doors;

/// <summary>
/// The web page in a real browser (Debian's chromium driven by Playwright, no browser download) over
/// the embedded pipeline: upload a batch with a broken file, watch it finish, check the pixels shown
/// and the zip, and keep a screenshot for the README.
/// </summary>
public sealed class WebPageBrowserTests : IAsyncLifetime
{
    const string Operation = "gaussian";
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-web-").FullName;
    readonly string _url = $"http://127.0.0.1:{FreePort()}";
    WebApplication _app = null!;
    IPlaywright _playwright = null!;
    IBrowser _browser = null!;

    [Fact]
    public async Task Page_WhenABatchWithABrokenFileIsUploaded_ShowsOutputsWithExpectedPixelsZipAndThePlainError()
    {
        var photos = SampleImages.Files().Take(3).ToArray();
        var broken = Path.Combine(_work, "broken.png");
        await File.WriteAllTextAsync(broken, "this is a shopping list, not a photo");
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        await page.GotoAsync(_url);
        await page.SetInputFilesAsync("#files", [.. photos, broken]);
        await page.SelectOptionAsync("#op", Operation);
        await page.ClickAsync("#submit");

        var done = page.Locator("li.image[data-state=done]");
        await Assertions.Expect(done).ToHaveCountAsync(photos.Length, new() { Timeout = 120_000 });
        var error = page.Locator("li.image[data-name='broken.png'][data-state=failed] .error");
        await Assertions.Expect(error).ToContainTextAsync("not an image");

        using var http = new HttpClient { BaseAddress = new Uri(_url) };
        var outputs = new Dictionary<string, byte[]>();
        foreach (var photo in photos)
        {
            var card = page.Locator($"li.image[data-name='{Path.GetFileName(photo)}']");
            var shown = card.Locator(".output img");
            await Assertions.Expect(shown).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await shown.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the output image is not displayed");
            var bytes = await http.GetByteArrayAsync(await shown.GetAttributeAsync("src"));
            using var expected = OperationCatalog.Get(Operation).Apply(ImageCodec.DecodeBgr(await File.ReadAllBytesAsync(photo)));
            using var actual = Cv2.ImDecode(bytes, ImreadModes.Unchanged);
            MatAssert.Identical(expected, actual);
            outputs[Path.GetFileNameWithoutExtension(photo) + ".png"] = bytes;
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#zip"));
        var zipPath = Path.Combine(_work, "batch.zip");
        await download.SaveAsAsync(zipPath);
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            Assert.Equal(outputs.Keys.Order(StringComparer.Ordinal), zip.Entries.Select(entry => entry.FullName).Order(StringComparer.Ordinal));
            foreach (var entry in zip.Entries)
            {
                using var content = new MemoryStream();
                await using (var stream = entry.Open())
                    await stream.CopyToAsync(content);
                Assert.Equal(outputs[entry.FullName], content.ToArray());
            }
        }

        var screenshot = Path.Combine(RepositoryPaths.Root, "docs", "screenshots", "web.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/bin/chromium"))
            throw new InvalidOperationException("/usr/bin/chromium is missing: scripts/install-prerequisites.sh installs Debian's chromium.");
        _app = WebUiApplication.Create(new WebUiSettings(_url, Distributed: false, _work, ConfigFile: null));
        await _app.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
