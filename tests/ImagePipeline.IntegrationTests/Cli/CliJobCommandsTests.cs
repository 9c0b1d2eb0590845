using System.Text.Json;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Submitter;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.IntegrationTests.Cli;

/// <summary>
/// A job through the real pipeline (RabbitMQ, Azurite, a processor process) driven by the <c>imagepipe</c> commands with
/// their output into a pipe, as a script would: submit, jobs, status, cancel and download.
/// </summary>
public sealed class CliJobCommandsTests : IAsyncLifetime
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-cli-it-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync()
    {
        _pipeline = await DistributedPipeline.StartAsync();
        _pipeline.StartProcessor("processor", concurrentTiles: 2);
    }

    [Fact]
    public async Task SubmitWithOut_ThenQueriesIntoAPipe_WaitsDownloadsAndReportsUnwrappedInOneVocabulary()
    {
        var inputs = SampleImages.Files().Take(2).ToArray();
        var output = Path.Combine(_work, "out");

        // --out without --wait: a folder for outputs is a request to wait for them.
        var submit = await Cli("submit", inputs[0], inputs[1], "--op", "invert", "--tile-size", "256", "--out", output);

        Assert.True(submit.ExitCode == 0, submit.ToString());
        var jobId = Guid.Parse(submit.OutputLines[0]);
        Assert.Equal(inputs.Select(input => Path.GetFileNameWithoutExtension(input) + ".png").Order(StringComparer.Ordinal),
            Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var jobs = await Cli("jobs");
        var status = await Cli("status", jobId.ToString());
        var json = await Cli("status", jobId.ToString(), "--json");

        Assert.Contains(jobs.OutputLines, line => line.StartsWith(jobId.ToString(), StringComparison.Ordinal) && line.Contains(" done ", StringComparison.Ordinal));
        Assert.Equal($"job {jobId} (invert) done: 2 done, 0 failed of 2 images", status.OutputLines[0]);
        foreach (var input in inputs)
            Assert.Contains(status.OutputLines, line => line.Contains(input, StringComparison.Ordinal) && line.Contains(" done ", StringComparison.Ordinal));
        Assert.Equal("done", JsonDocument.Parse(json.Output).RootElement.GetProperty("state").GetString());
        Assert.DoesNotContain('│', jobs.Output + status.Output);
    }

    [Fact]
    public async Task Cancel_WhenTheJobHasEnded_SaysSoExitsWithSixAndLeavesItDone()
    {
        var submit = await Cli("submit", SampleImages.Files()[0], "--op", "invert", "--wait", "--out", Path.Combine(_work, "out"));
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var jobId = submit.OutputLines[0];

        var cancel = await Cli("cancel", jobId);
        var json = await Cli("status", jobId, "--json");

        CliAssert.OneLineError(cancel, ExitCodes.JobAlreadyEnded, $"Job {jobId} has already ended (done: 1 done, 0 failed of 1 images); nothing to cancel.");
        Assert.Equal("done", JsonDocument.Parse(json.Output).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task SubmitWait_WhenAnOutputCannotBeWritten_SaysWhatWasSubmittedAndHowToDownloadIt()
    {
        var input = SampleImages.Files()[0];
        var output = Path.Combine(_work, "out");
        // A folder where the output file should go: the job runs, the file cannot be moved into place.
        Directory.CreateDirectory(Path.Combine(output, Path.GetFileNameWithoutExtension(input) + ".png"));

        var submit = await Cli("submit", input, "--op", "invert", "--wait", "--out", output);

        var jobId = submit.OutputLines[0];
        var line = CliAssert.OneLineError(submit, ExitCodes.OutputsNotWritten, $"Job {jobId} ended (1 done, 0 failed of 1 images), but its outputs could not all be written to {output}");
        Assert.Contains($"'imagepipe download {jobId} --out <folder>' fetches them", line, StringComparison.Ordinal);

        var download = await Cli("download", jobId, "--out", Path.Combine(_work, "again"));

        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.True(File.Exists(Path.Combine(_work, "again", Path.GetFileNameWithoutExtension(input) + ".png")));
    }

    Task<CliResult> Cli(params string[] arguments) =>
        CliProcess.RunAsync(BuiltProgram.Cli, _pipeline.Environment, _work, TimeSpan.FromMinutes(3), arguments);

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
