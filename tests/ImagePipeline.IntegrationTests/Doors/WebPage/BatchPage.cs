using System.IO.Compression;
using System.Text.RegularExpressions;
using ImagePipeline.UnitTests.TestData;
using Microsoft.Playwright;

namespace ImagePipeline.IntegrationTests.Doors.WebPage;

/// <summary>The page as the tests use it: what to fill in, where a batch's cards and links are, what it downloaded.</summary>
public sealed partial class BatchPage(IPage page, string url)
{
    public static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(3);

    public IPage Page => page;

    public ILocator Card(string name) => page.Locator($"#files-grid li.card[data-name='{name}']");

    public ILocator Cards => page.Locator("#files-grid li.card");

    public ILocator Progress => page.Locator("#batch-progress");

    public async Task OpenAsync()
    {
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("#steps .step-op")).ToHaveCountAsync(1);
    }

    /// <summary>Chooses files, types the spec and presses Process (with the mouse: the keyboard has its own test).</summary>
    public async Task<Guid> SubmitAsync(IEnumerable<string> files, string spec)
    {
        await page.SetInputFilesAsync("#files", files);
        await page.FillAsync("#spec", spec);
        var before = page.Url;
        await page.ClickAsync("#submit");
        return await BatchIdAsync(before);
    }

    /// <summary>Waits for the address to name a batch other than the one at <paramref name="before"/>, and returns its id.</summary>
    public async Task<Guid> BatchIdAsync(string before)
    {
        try
        {
            await page.WaitForURLAsync(address => BatchAddress().IsMatch(address) && address != before, new PageWaitForURLOptions { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No new batch's address after 30 s; the page says: '{await page.Locator("#form-error").TextContentAsync()}'");
        }

        return Guid.Parse(BatchAddress().Match(page.Url).Groups[1].Value);
    }

    public async Task WaitEndedAsync()
    {
        await Assertions.Expect(page.Locator("#cancel-batch")).ToBeHiddenAsync(new() { Timeout = (float)BatchTimeout.TotalMilliseconds });
        await Assertions.Expect(Progress).ToHaveAttributeAsync("aria-valuenow", "100");
    }

    /// <summary>Downloads the zip and returns its entries' bytes by name.</summary>
    public async Task<Dictionary<string, byte[]>> DownloadZipAsync(string folder)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#zip"));
        var path = Path.Combine(folder, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        using var zip = ZipFile.OpenRead(path);
        var entries = new Dictionary<string, byte[]>();
        foreach (var entry in zip.Entries)
        {
            using var content = new MemoryStream();
            await using (var stream = entry.Open())
                await stream.CopyToAsync(content);
            entries[entry.FullName] = content.ToArray();
        }

        return entries;
    }

    /// <summary>
    /// Keeps a picture of the page. Into docs/screenshots when IMAGEPIPE_UPDATE_SCREENSHOTS=1, so a test run
    /// leaves the repository as it was; into the test's temporary folder otherwise.
    /// </summary>
    public async Task ScreenshotAsync(string name, string temporaryFolder, bool fullPage = true)
    {
        var folder = Environment.GetEnvironmentVariable("IMAGEPIPE_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryPaths.Root, "docs", "screenshots")
            : temporaryFolder;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
    }

    [GeneratedRegex(@"/batches/([0-9a-f-]{36})$")]
    private static partial Regex BatchAddress();
}
