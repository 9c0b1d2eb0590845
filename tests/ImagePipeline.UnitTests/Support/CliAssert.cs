namespace ImagePipeline.UnitTests.Support;

/// <summary>How a command answers a mistake: one line on standard error, the documented exit code, no stack trace.</summary>
public static class CliAssert
{
    /// <summary>
    /// The error is the only line on standard error, or, for a command that waited on a job, the last line after its
    /// progress lines (which redirected output writes there).
    /// </summary>
    public static string OneLineError(CliResult result, int exitCode, string expected)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit code {exitCode}; {result}");
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
        var errors = result.ErrorLines.Where(line => line.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        var others = result.ErrorLines.Where(line => !line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.True(errors.Count == 1 && errors[0] == result.ErrorLines[^1] && others.All(IsProgress), $"expected one error line; {result}");
        Assert.Contains(expected, errors[0], StringComparison.Ordinal);
        return errors[0];
    }

    // "0 done, 0 failed of 8 images; 0/96 tiles", then "3 done, 0 failed of 8 images; 40/96 tiles; 0.52 images/s, ETA 00:00:09"
    static bool IsProgress(string line) => line.Contains(" failed of ", StringComparison.Ordinal) && line.Contains(" tiles", StringComparison.Ordinal);
}
