using ImagePipeline.IntegrationTests.MultiHost;
using ImagePipeline.Submitter;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.IntegrationTests.Cli;

/// <summary>
/// A broker or blob store whose machine is down: an address on the network where nothing answers, not even to refuse
/// (a host of its own, in a network namespace, on a lab network where the address is nobody's). A person waiting on
/// the command learns it within ten seconds, in one line.
/// </summary>
public sealed class UnreachableHostTests : IAsyncLifetime
{
    static readonly TimeSpan PersonWaits = TimeSpan.FromSeconds(10);

    readonly string _store = Directory.CreateTempSubdirectory("imagepipe-unreachable-").FullName;
    NetworkLab _lab = null!;
    string _downHost = null!;

    public async Task InitializeAsync()
    {
        _lab = await NetworkLab.CreateAsync();
        await _lab.AddHostAsync("submit");
        _downHost = _lab.GatewayAddress[..^1] + "250";
    }

    [Fact]
    public async Task Submit_WhenTheBrokersMachineIsDown_SaysSoWithinTenSeconds()
    {
        var settings = new Dictionary<string, string>
        {
            ["IMAGEPIPE_RabbitMq__Host"] = _downHost,
            ["IMAGEPIPE_RabbitMq__Username"] = "imagepipe-submitter",
            ["IMAGEPIPE_RabbitMq__Password"] = "unused",
            ["IMAGEPIPE_Storage__Provider"] = "FileSystem",
            ["IMAGEPIPE_Storage__RootPath"] = _store,
        };

        var result = await CliProcess.RunInNamespaceAsync(_lab.Namespace("submit"), settings, "submit", SampleImages.Files()[0], "--op", "invert");

        CliAssert.OneLineError(result, ExitCodes.InfrastructureUnavailable, $"The broker at {_downHost}:5672 ");
        Assert.True(result.Elapsed < PersonWaits, $"took {result.Elapsed}");
    }

    [Fact]
    public async Task Jobs_WhenTheBlobStoresMachineIsDown_SaysSoWithinTenSeconds()
    {
        var result = await CliProcess.RunInNamespaceAsync(_lab.Namespace("submit"), AzuriteAccount.Settings($"http://{_downHost}:10000"), "jobs");

        CliAssert.OneLineError(result, ExitCodes.InfrastructureUnavailable, $"The blob store cannot be used: {_downHost}:10000 ");
        Assert.True(result.Elapsed < PersonWaits, $"took {result.Elapsed}");
    }

    public async Task DisposeAsync()
    {
        await _lab.DisposeAsync();
        Directory.Delete(_store, recursive: true);
    }
}
