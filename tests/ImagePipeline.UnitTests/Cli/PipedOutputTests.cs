using System.Text.Json;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Submitter.Commands;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.UnitTests.Cli;

/// <summary>
/// Output into a pipe, as <c>imagepipe ops | grep brightness</c> reads it: plain lines, never wrapped at 80 columns,
/// no colours or box drawing. (jobs and status are checked against a real pipeline in the integration tests.)
/// </summary>
public sealed class PipedOutputTests
{
    [Fact]
    public async Task Ops_WhenPiped_KeepsEachOperationAndNoteOnOneLine()
    {
        var result = await CliProcess.RunAsync(null, "ops");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.OutputLines, line => line.StartsWith("brightness_increase ", StringComparison.Ordinal)
            && line.Contains("Brightness and contrast: Cv2.ConvertScaleAbs", StringComparison.Ordinal));
        foreach (var note in OpsCommand.Notes)
            Assert.Contains(note, result.OutputLines);
        AssertPlain(result.Output);
    }

    [Fact]
    public async Task Config_WhenPiped_ShowsListsAndLongValuesWhole()
    {
        var connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";
        var result = await CliProcess.RunAsync(new Dictionary<string, string>
        {
            ["IMAGEPIPE_RabbitMq__ClusterNodes__0"] = "mq1.example.internal:5672",
            ["IMAGEPIPE_RabbitMq__ClusterNodes__1"] = "mq2.example.internal:5672",
            ["IMAGEPIPE_Storage__ConnectionString"] = connection,
        }, "config");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.OutputLines, line => line.StartsWith("RabbitMq:ClusterNodes ", StringComparison.Ordinal)
            && line.Contains("mq1.example.internal:5672, mq2.example.internal:5672", StringComparison.Ordinal) && line.EndsWith("environment", StringComparison.Ordinal));
        Assert.Contains(result.OutputLines, line => line.Contains(connection.Replace("c2VjcmV0", "****"), StringComparison.Ordinal));
        Assert.DoesNotContain("System.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", result.Output, StringComparison.Ordinal);
        AssertPlain(result.Output);
    }

    [Fact]
    public async Task Help_ListsTheExitCodesOnceInTheRootHelpOnly()
    {
        var root = await CliProcess.RunAsync(null, "--help");
        var status = await CliProcess.RunAsync(null, "status", "--help");

        Assert.Equal(1, root.Output.Split("Exit codes:").Length - 1);
        Assert.Contains("6    the job had already ended (cancel)", root.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exit codes", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpsJson_DescribesTheOperationsInTheShapeTheWebPageReads()
    {
        var result = await CliProcess.RunAsync(null, "ops", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var operations = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(OperationDescription.All.Select(operation => operation.Name), operations.Select(o => o.GetProperty("name").GetString()));
        var ksize = operations.Single(o => o.GetProperty("name").GetString() == "gaussian").GetProperty("parameters")[0];
        Assert.Equal("integer", ksize.GetProperty("kind").GetString());
        Assert.True(ksize.GetProperty("oddOnly").GetBoolean());
        Assert.Equal("Gaussian blur", operations[1].GetProperty("title").GetString());
    }

    /// <summary>No escape sequence, no box drawing, no line padded with spaces: what a script or a log file wants.</summary>
    static void AssertPlain(string output)
    {
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('│', output);
        Assert.DoesNotContain('─', output);
        Assert.DoesNotContain(output.Split('\n'), line => line.EndsWith(' '));
    }
}
