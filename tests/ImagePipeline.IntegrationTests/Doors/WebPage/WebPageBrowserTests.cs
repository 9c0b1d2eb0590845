using ImagePipeline.UnitTests.Support;
using Microsoft.Playwright;
using OpenCvSharp;

namespace ImagePipeline.IntegrationTests.Doors.WebPage;

/// <summary>
/// The web page in a real browser over the embedded pipeline: a batch with a file that is not an image, a
/// chain typed as a spec, outputs with the expected pixels, the zip, and the comparison; it keeps the
/// README's screenshots (desktop, narrow, comparison).
/// </summary>
public sealed class WebPageBrowserTests : WebPageTest
{
    const string Spec = "gaussian:ksize=9|sharpen";

    [Fact]
    public async Task Page_WhenABatchWithABrokenFileIsUploaded_ShowsOutputsWithExpectedPixelsZipAndThePlainError()
    {
        string[] photos = [WebPageFiles.Sample("astronaut.png"), WebPageFiles.Sample("coffee.png"), WebPageFiles.Sample("rocket.jpg")];
        var page = await OpenAsync();

        await page.SubmitAsync([photos[0], WebPageFiles.NotAnImage(Temporary), .. photos[1..]], Spec);
        // The typed chain rebuilt the steps: the menu follows the spec.
        await Assertions.Expect(page.Page.Locator("#steps .step-op")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Page.Locator("#step-0-op")).ToHaveValueAsync("gaussian");
        await Assertions.Expect(page.Page.Locator("#step-0-ksize")).ToHaveValueAsync("9");
        await Assertions.Expect(page.Page.Locator("#step-1-op")).ToHaveValueAsync("sharpen");
        await page.WaitEndedAsync();

        Assert.Equal(["astronaut.png", "notes.png", "coffee.png", "rocket.jpg"],
            await page.Cards.EvaluateAllAsync<string[]>("cards => cards.map(card => card.dataset.name)"));
        await Assertions.Expect(page.Card("notes.png")).ToHaveAttributeAsync("data-state", "failed");
        await Assertions.Expect(page.Card("notes.png").Locator(".message")).ToHaveTextAsync(
            "Not a supported image: the file is not PNG, JPEG, WebP, BMP or TIFF (unknown signature).");
        await Assertions.Expect(page.Page.Locator("#batch-summary")).ToContainTextAsync("3 done, 1 not processed");

        using var http = new HttpClient { BaseAddress = new Uri(Server.Url) };
        var outputs = new Dictionary<string, byte[]>();
        foreach (var photo in photos)
        {
            var name = Path.GetFileName(photo);
            var card = page.Card(name);
            await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "done");
            var link = card.Locator("a.download");
            var output = Path.GetFileNameWithoutExtension(photo) + ".png";
            await Assertions.Expect(link).ToHaveAccessibleNameAsync($"Download {output}");
            var thumbnail = card.Locator("figure.output img");
            await Assertions.Expect(thumbnail).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await thumbnail.EvaluateAsync<int>("img => img.naturalWidth") is > 0 and <= 400, "the thumbnail is not a small preview");
            Assert.Equal($"{name} after {Spec}", await thumbnail.GetAttributeAsync("alt"));

            var bytes = await http.GetByteArrayAsync(await link.GetAttributeAsync("href"));
            using var expected = WebPageFiles.Expected(photo, Spec);
            using var actual = Cv2.ImDecode(bytes, ImreadModes.Unchanged);
            MatAssert.Identical(expected, actual);
            outputs[output] = bytes;
        }

        var zip = await page.DownloadZipAsync(Temporary);
        Assert.Equal(outputs.Keys.Order(StringComparer.Ordinal), zip.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in zip)
            Assert.Equal(outputs[name], bytes);
        await page.ScreenshotAsync("web.png", Temporary);

        // The comparison: opened from the card, zoomed, closed with Escape.
        await page.Card("coffee.png").Locator("button.preview").ClickAsync();
        var viewer = page.Page.Locator("#viewer");
        await Assertions.Expect(viewer).ToBeVisibleAsync();
        await Assertions.Expect(page.Page.Locator("#image-after")).ToHaveJSPropertyAsync("complete", true);
        await Assertions.Expect(page.Page.Locator("#image-before")).ToHaveAttributeAsync("alt", "coffee.png, original");
        await page.Page.Locator("#zoom-in").ClickAsync();
        await page.Page.Locator("#zoom-in").ClickAsync();
        await Assertions.Expect(page.Page.Locator("#zoom-level")).Not.ToHaveTextAsync("Fit");
        await page.ScreenshotAsync("web-compare.png", Temporary, fullPage: false);
        await page.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(viewer).ToBeHiddenAsync();

        var narrow = new BatchPage(await Chromium.NewPageAsync(Chromium.Narrow), page.Page.Url);
        await narrow.Page.GotoAsync(page.Page.Url);
        await Assertions.Expect(narrow.Cards).ToHaveCountAsync(4);
        // Thumbnails load as they come into view.
        foreach (var card in await narrow.Cards.AllAsync())
            await card.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(narrow.Card("rocket.jpg").Locator("figure.output img")).ToHaveJSPropertyAsync("complete", true);
        await narrow.Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await narrow.ScreenshotAsync("web-narrow.png", Temporary);
    }
}
