using ImagePipeline.UnitTests.Support;
using Microsoft.Playwright;
using OpenCvSharp;

namespace ImagePipeline.IntegrationTests.Doors.WebPage;

/// <summary>
/// Everything with the keyboard alone: choosing files, setting a parameter, processing, downloading, and the
/// comparison opened, zoomed and closed with Escape. The page records every trusted mouse or pointer event,
/// and there must be none.
/// </summary>
public sealed class WebPageKeyboardTests : WebPageTest
{
    const string RecordMouse = """
        window.mouseEvents = [];
        for (const type of ["mousedown", "mouseup", "mousemove", "pointerdown", "pointerup", "pointermove", "wheel", "contextmenu"])
          addEventListener(type, (e) => { if (e.isTrusted) window.mouseEvents.push(type); }, true);
        addEventListener("click", (e) => { if (e.isTrusted && e.detail > 0) window.mouseEvents.push("click"); }, true);
        """;

    [Fact]
    public async Task Page_WhenUsedWithTheKeyboardOnly_ChoosesFilesSetsAParameterProcessesAndDownloads()
    {
        var photos = new[] { WebPageFiles.Sample("camera.png"), WebPageFiles.Sample("coins.png") };
        var batch = await OpenAsync();
        var page = batch.Page;
        await page.Context.AddInitScriptAsync(RecordMouse);
        // Listened for from the start: Playwright asks the browser to intercept file choosers when the first listener
        // comes, and a chooser opened before the browser has that request shows nothing (a known race).
        var chooserShown = new TaskCompletionSource<IFileChooser>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.FileChooser += (_, chooser) => chooserShown.TrySetResult(chooser);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#step-0-ksize")).ToBeVisibleAsync();

        await TabToAsync(page, "#choose");
        await page.Keyboard.PressAsync("Enter");
        var chooser = await chooserShown.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await chooser.SetFilesAsync(photos);
        await Assertions.Expect(page.Locator("#chosen li")).ToHaveCountAsync(2);

        await TabToAsync(page, "#step-0-ksize");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("9");
        await Assertions.Expect(page.Locator("#spec")).ToHaveValueAsync("gaussian:ksize=9");

        await TabToAsync(page, "#submit");
        var before = page.Url;
        await page.Keyboard.PressAsync("Enter");
        await batch.BatchIdAsync(before);
        await batch.WaitEndedAsync();
        await Assertions.Expect(batch.Page.Locator("#batch-summary")).ToContainTextAsync("2 done");

        await TabToAsync(page, "li.card[data-name='coins.png'] a.download");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        Assert.Equal("coins.png", download.SuggestedFilename);
        var saved = Path.Combine(Temporary, "coins.png");
        await download.SaveAsAsync(saved);
        using (var expected = WebPageFiles.Expected(photos[1], "gaussian:ksize=9"))
        using (var actual = Cv2.ImRead(saved, ImreadModes.Unchanged))
            MatAssert.Identical(expected, actual);

        await TabToAsync(page, "li.card[data-name='camera.png'] button.preview");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#viewer")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#stage")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("+");
        await Assertions.Expect(page.Locator("#zoom-level")).Not.ToHaveTextAsync("Fit");
        await page.Keyboard.PressAsync("PageDown");
        await Assertions.Expect(page.Locator("#viewer-title")).ToHaveTextAsync("coins.png");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#viewer")).ToBeHiddenAsync();

        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.mouseEvents"));
    }

    /// <summary>Presses Tab until <paramref name="selector"/> has the focus.</summary>
    static async Task TabToAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            if (await page.EvaluateAsync<bool>("selector => document.activeElement?.matches(selector) ?? false", selector))
                return;
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached {selector}.");
    }
}
