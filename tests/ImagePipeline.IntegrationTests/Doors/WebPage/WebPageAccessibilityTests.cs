using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Doors.WebPage;

/// <summary>
/// axe-core's scan of the page in its main states (empty, running, done, with errors, the comparison open,
/// and a narrow window): no serious or critical violation.
/// </summary>
public sealed class WebPageAccessibilityTests(ITestOutputHelper output) : WebPageTest
{
    [Fact]
    public async Task Page_InItsMainStates_HasNoSeriousOrCriticalAccessibilityViolations()
    {
        var page = await OpenAsync();
        var problems = new List<string>();
        await ScanAsync(page.Page, "empty", problems);

        await page.SubmitAsync([WebPageFiles.Sample("astronaut.png"), WebPageFiles.Sample("coffee.png")], "bilateral:d=31");
        await Assertions.Expect(page.Page.Locator("#cancel-batch")).ToBeVisibleAsync();
        await ScanAsync(page.Page, "running", problems);
        await page.WaitEndedAsync();
        await ScanAsync(page.Page, "done", problems);

        await page.Card("coffee.png").Locator("button.preview").ClickAsync();
        await Assertions.Expect(page.Page.Locator("#image-after")).ToHaveJSPropertyAsync("complete", true);
        await ScanAsync(page.Page, "comparison", problems);
        await page.Page.Keyboard.PressAsync("Escape");

        await page.SubmitAsync([WebPageFiles.Sample("camera.png"), WebPageFiles.NotAnImage(Temporary), WebPageFiles.Truncated(Temporary)], "invert");
        await page.WaitEndedAsync();
        await ScanAsync(page.Page, "with errors", problems);

        var narrow = await Chromium.NewPageAsync(Chromium.Narrow);
        await narrow.GotoAsync(page.Page.Url);
        await Assertions.Expect(narrow.Locator("#files-grid li.card")).ToHaveCountAsync(3);
        await ScanAsync(narrow, "with errors, narrow", problems);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    async Task ScanAsync(IPage page, string state, List<string> problems)
    {
        var result = await page.RunAxe();
        foreach (var violation in result.Violations)
        {
            var line = $"{state}: {violation.Impact} {violation.Id}: {violation.Help} at " +
                string.Join("; ", violation.Nodes.Select(node => $"{node.Target} {node.Html}"));
            output.WriteLine(line);
            if (violation.Impact is "serious" or "critical")
                problems.Add(line);
        }
    }
}
