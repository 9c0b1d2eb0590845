using System.Diagnostics;
using ImagePipeline.UnitTests.Support;
using Microsoft.Playwright;
using OpenCvSharp;

namespace ImagePipeline.IntegrationTests.Doors.WebPage;

/// <summary>
/// The server stopped in the middle of a batch: the page says so within 10 s, and when a server on the same
/// address and work folder is back, the page carries on by itself and the batch finishes with every output.
/// </summary>
public sealed class WebPageServerLossTests : WebPageTest
{
    const string Spec = "bilateral:d=31";

    [Fact]
    public async Task Page_WhenTheServerStopsMidBatchAndReturns_SaysSoWithinTenSecondsAndCarriesOn()
    {
        var photos = SampleImages.Files();
        var page = await OpenAsync(OneTileAtATime);
        var id = await page.SubmitAsync(photos, Spec);
        await Assertions.Expect(page.Page.Locator("li.card[data-state=done]").First).ToBeVisibleAsync(new() { Timeout = 120_000 });
        Assert.True(await page.Page.Locator("#cancel-batch").IsVisibleAsync(), "the batch ended before the server was stopped: the test proves nothing");

        var banner = page.Page.Locator("#connection");
        await Assertions.Expect(banner).ToBeHiddenAsync();
        await Server.StopAsync();
        var stopped = Stopwatch.StartNew();
        await Assertions.Expect(banner).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.InRange(stopped.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        await Assertions.Expect(banner).ToHaveAttributeAsync("role", "alert");
        await Assertions.Expect(banner).ToContainTextAsync("The server is not answering");

        await Server.StartAgainAsync();
        await Assertions.Expect(banner).ToBeHiddenAsync(new() { Timeout = 15_000 });
        await page.WaitEndedAsync();
        Assert.EndsWith($"/batches/{id}", page.Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Page.Locator("li.card[data-state=done]")).ToHaveCountAsync(photos.Count);

        using var http = new HttpClient { BaseAddress = new Uri(Server.Url) };
        foreach (var photo in photos)
        {
            var link = page.Card(Path.GetFileName(photo)).Locator("a.download");
            using var expected = WebPageFiles.Expected(photo, Spec);
            using var actual = Cv2.ImDecode(await http.GetByteArrayAsync(await link.GetAttributeAsync("href")), ImreadModes.Unchanged);
            MatAssert.Identical(expected, actual);
        }
    }
}
