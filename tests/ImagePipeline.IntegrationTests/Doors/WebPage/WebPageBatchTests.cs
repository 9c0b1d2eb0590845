using System.Net.Http.Json;
using ImagePipeline.UnitTests.Support;
using Microsoft.Playwright;
using OpenCvSharp;

namespace ImagePipeline.IntegrationTests.Doors.WebPage;

/// <summary>
/// Batches on the page: a second one started while the first runs, a file that fails after upload, files
/// over the size limit, a reload, an output format and quality, and cancelling an upload and a running batch.
/// </summary>
public sealed class WebPageBatchTests : WebPageTest
{
    // With one tile at a time, slow enough that a batch still runs when the test acts on it.
    const string SlowSpec = "bilateral:d=31";

    [Fact]
    public async Task Page_WhenASecondBatchStartsWhileTheFirstRuns_ShowsAndZipsOnlyTheSecond()
    {
        var page = await OpenAsync(OneTileAtATime);
        var first = await page.SubmitAsync([WebPageFiles.Enlarged(Temporary, 2000, 1500), WebPageFiles.Sample("coffee.png"), WebPageFiles.Sample("chelsea.png")],
            SlowSpec);
        await Assertions.Expect(page.Cards).ToHaveCountAsync(3);

        string[] second = [WebPageFiles.Sample("camera.png"), WebPageFiles.Sample("coins.png")];
        using var http = new HttpClient { BaseAddress = new Uri(Server.Url) };
        var secondId = await page.SubmitAsync(second, "gaussian");
        Assert.False((await http.GetFromJsonAsync<BatchState>($"/api/batches/{first}"))!.Ended,
            "the first batch ended before the second was submitted: the test proves nothing");
        Assert.NotEqual(first, secondId);
        await page.WaitEndedAsync();

        var zip = await page.DownloadZipAsync(Temporary);
        Assert.Equal(["camera.png", "coins.png"], zip.Keys.Order(StringComparer.Ordinal));
        foreach (var input in second)
        {
            using var expected = WebPageFiles.Expected(input, "gaussian");
            using var actual = Cv2.ImDecode(zip[Path.GetFileName(input)], ImreadModes.Unchanged);
            MatAssert.Identical(expected, actual);
        }

        // The first batch ending later never writes into the second's view.
        while (!(await http.GetFromJsonAsync<BatchState>($"/api/batches/{first}"))!.Ended)
            await Task.Delay(500);
        await Task.Delay(1500);
        await Assertions.Expect(page.Page.Locator("#batch-title")).ToHaveTextAsync("gaussian");
        Assert.Equal(["camera.png", "coins.png"], await page.Cards.EvaluateAllAsync<string[]>("cards => cards.map(card => card.dataset.name)"));
        Assert.EndsWith($"/batches/{secondId}", page.Page.Url, StringComparison.Ordinal);
        Assert.Equal($"/api/batches/{secondId}/zip", await page.Page.Locator("#zip").GetAttributeAsync("href"));
    }

    [Fact]
    public async Task Page_WhenAFileFailsAfterUpload_ShowsItsReasonLikeARefusalWithoutPicturesAndTheBarCompletes()
    {
        var page = await OpenAsync();
        await page.SubmitAsync([WebPageFiles.Sample("camera.png"), WebPageFiles.NotAnImage(Temporary), WebPageFiles.Truncated(Temporary),
            WebPageFiles.Sample("coins.png")], "median");
        await page.WaitEndedAsync();

        // Refused on upload or failed in the pipeline: listed in upload order, in the same form.
        Assert.Equal(["camera.png", "notes.png", "truncated.png", "coins.png"],
            await page.Cards.EvaluateAllAsync<string[]>("cards => cards.map(card => card.dataset.name)"));
        foreach (var name in new[] { "notes.png", "truncated.png" })
        {
            var card = page.Card(name);
            await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "failed");
            await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("not processed");
            await Assertions.Expect(card.Locator("img")).ToHaveCountAsync(0);
            await Assertions.Expect(card.Locator("a")).ToHaveCountAsync(0);
        }

        await Assertions.Expect(page.Card("truncated.png").Locator(".message")).ToHaveTextAsync(
            "Not a decodable image (truncated PNG: it ends before its IEND chunk).");
        await Assertions.Expect(page.Card("notes.png").Locator(".message")).ToHaveTextAsync(
            "Not a supported image: the file is not PNG, JPEG, WebP, BMP or TIFF (unknown signature).");
        await Assertions.Expect(page.Progress).ToHaveAttributeAsync("aria-valuenow", "100");
        await Assertions.Expect(page.Page.Locator("#batch-summary")).ToHaveTextAsync("Finished, with files not processed: 2 done, 2 not processed.");
    }

    [Fact]
    public async Task Page_WhenReloadedOrOpenedFromItsAddress_RestoresTheBatch()
    {
        var page = await OpenAsync();
        var id = await page.SubmitAsync([WebPageFiles.Sample("rocket.jpg"), WebPageFiles.NotAnImage(Temporary)], "to_gray|canny");
        await page.WaitEndedAsync();

        await page.Page.ReloadAsync();
        Assert.EndsWith($"/batches/{id}", page.Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Page.Locator("#batch-title")).ToHaveTextAsync("to_gray|canny");
        await Assertions.Expect(page.Card("rocket.jpg")).ToHaveAttributeAsync("data-state", "done");
        await Assertions.Expect(page.Card("notes.png")).ToHaveAttributeAsync("data-state", "failed");
        await Assertions.Expect(page.Page.Locator($"#recent a[href='/batches/{id}']")).ToHaveAttributeAsync("aria-current", "page");

        // A new browser context (a link sent to someone else) shows the same batch.
        var other = new BatchPage(await Chromium.NewPageAsync(), Server.Url);
        await other.Page.GotoAsync(page.Page.Url);
        await Assertions.Expect(other.Card("rocket.jpg").Locator("figure.output img")).ToHaveJSPropertyAsync("complete", true);
        await Assertions.Expect(other.Page.Locator("#zip")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Page_WhenAFileIsOverTheSizeLimit_NeverUploadsItAndListsItsRefusalInOrder()
    {
        var page = await OpenAsync(new Dictionary<string, string?> { ["Web:MaxFileBytes"] = "200000" });
        var large = WebPageFiles.Sample("astronaut.png");
        await page.Page.SetInputFilesAsync("#files", [large, WebPageFiles.Sample("camera.png")]);
        await Assertions.Expect(page.Page.Locator("#chosen li.too-large")).ToContainTextAsync("it will not be uploaded");

        var before = page.Page.Url;
        var upload = await page.Page.RunAndWaitForRequestAsync(() => page.Page.ClickAsync("#submit"),
            request => request.Method == "POST" && request.Url.EndsWith("/api/batches", StringComparison.Ordinal));
        await page.BatchIdAsync(before);
        await page.WaitEndedAsync();

        var sent = long.Parse((await upload.AllHeadersAsync())["content-length"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(sent, new FileInfo(WebPageFiles.Sample("camera.png")).Length, new FileInfo(large).Length - 1);
        Assert.Equal(["astronaut.png", "camera.png"], await page.Cards.EvaluateAllAsync<string[]>("cards => cards.map(card => card.dataset.name)"));
        await Assertions.Expect(page.Card("astronaut.png").Locator(".message")).ToHaveTextAsync("The file is 0.8 MB; files up to 0.2 MB are accepted.");
        await Assertions.Expect(page.Card("camera.png")).ToHaveAttributeAsync("data-state", "done");
    }

    [Fact]
    public async Task Page_WhenARunningBatchIsCancelled_EndsItWithTheRestCancelled()
    {
        var page = await OpenAsync(OneTileAtATime);
        await page.SubmitAsync(SampleImages.Files(), SlowSpec);
        await Assertions.Expect(page.Page.Locator("#cancel-batch")).ToBeEnabledAsync();
        await page.Page.ClickAsync("#cancel-batch");

        await page.WaitEndedAsync();
        await Assertions.Expect(page.Page.Locator("#batch-summary")).ToContainTextAsync("Cancelled");
        await Assertions.Expect(page.Page.Locator("li.card[data-state=cancelled]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Page.Locator("li.card[data-state=cancelled] .message").First).ToHaveTextAsync("Cancelled before it was processed.");
    }

    [Fact]
    public async Task Page_WhenJpegAtAQualityIsChosen_OutputsThatEncoding()
    {
        var page = await OpenAsync();
        await page.Page.SelectOptionAsync("#format", "jpg");
        await Assertions.Expect(page.Page.Locator("#quality")).ToHaveValueAsync("95");
        await page.Page.Locator("#quality").FillAsync("80");
        var photo = WebPageFiles.Sample("chelsea.png");
        await page.SubmitAsync([photo], "flip:axis=vertical");
        await page.WaitEndedAsync();

        await Assertions.Expect(page.Page.Locator("#batch-meta")).ToContainTextAsync("JPEG at quality 80");
        var link = page.Card("chelsea.png").Locator("a.download");
        await Assertions.Expect(link).ToHaveAccessibleNameAsync("Download chelsea.jpg");
        using var http = new HttpClient { BaseAddress = new Uri(Server.Url) };
        using var expected = WebPageFiles.Expected(photo, "flip:axis=vertical");
        Assert.Equal(ImagePipeline.Imaging.Codecs.ImageCodec.Encode(expected, ImagePipeline.Imaging.Codecs.OutputFormat.Jpeg, 80),
            await http.GetByteArrayAsync(await link.GetAttributeAsync("href")));
    }

    [Fact]
    public async Task Page_WhenTheUploadIsCancelled_ShowsItsProgressThenSubmitsNothing()
    {
        var page = await OpenAsync();
        var network = await page.Page.Context.NewCDPSessionAsync(page.Page);
        await network.SendAsync("Network.enable");
        await network.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = 256 * 1024,
        });

        await page.Page.SetInputFilesAsync("#files", [WebPageFiles.Enlarged(Temporary, 2000, 1500)]);
        await page.Page.ClickAsync("#submit");
        var bar = page.Page.Locator("#upload-bar");
        await Assertions.Expect(bar).ToBeVisibleAsync();
        await Assertions.Expect(bar).Not.ToHaveAttributeAsync("aria-valuenow", "0");
        Assert.InRange(int.Parse(await bar.GetAttributeAsync("aria-valuenow") ?? "", System.Globalization.CultureInfo.InvariantCulture), 1, 99);
        await page.Page.ClickAsync("#cancel-upload");

        await Assertions.Expect(bar).ToBeHiddenAsync();
        await Assertions.Expect(page.Page.Locator("#announcer")).ToHaveTextAsync("Upload cancelled.");
        await Assertions.Expect(page.Page.Locator("#submit")).ToBeEnabledAsync();
        using var http = new HttpClient { BaseAddress = new Uri(Server.Url) };
        Assert.Equal("[]", await http.GetStringAsync("/api/batches"));
    }

    sealed record BatchState(bool Ended, string State);
}
