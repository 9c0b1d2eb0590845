using System.Net;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.UnitTests.TestData;

namespace ImagePipeline.IntegrationTests.MultiHost;

/// <summary>
/// deploy/rabbitmq/start-local.sh with a bind address other than 127.0.0.1, as the multi-host test and
/// operators start it: guest gives way to an administrator whose password the script makes and keeps.
/// 127.0.0.2 is a loopback address too, so this needs no network namespace.
/// </summary>
public sealed class OffLoopbackBrokerTests : IAsyncLifetime
{
    const string BindAddress = "127.0.0.2";

    readonly string _data = Directory.CreateTempSubdirectory("imagepipe-offloopback-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task StartLocal_KeepsAPasswordThatBeginsWithADash_AndTheAdministratorSignsInWithIt()
    {
        // The script keeps last time's password. One in 64 of those it makes begins with "-", which rabbitmqctl
        // took for options: the node started, the administrator was never made, and the script failed.
        const string kept = "-kept_Password-42";
        await File.WriteAllTextAsync(Path.Combine(_data, "rabbitmq-vars.sh"), $"RABBITMQ_PASSWORD={kept}\n");

        var variables = ServiceVariables.Parse(await ShellCommand.RunAsync("bash",
            [Path.Combine(RepositoryPaths.Root, "deploy/rabbitmq/start-local.sh"), _data, "-", "-", BindAddress]));

        Assert.Equal("imagepipe-admin", variables["RABBITMQ_USER"]);
        Assert.Equal(kept, variables["RABBITMQ_PASSWORD"]);
        var whoAmI = new Uri($"http://{BindAddress}:{variables["RABBITMQ_MANAGEMENT_PORT"]}/api/whoami");
        Assert.Equal(HttpStatusCode.OK, await GetStatusAsync(whoAmI, "imagepipe-admin", kept));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetStatusAsync(whoAmI, "guest", "guest"));
    }

    static async Task<HttpStatusCode> GetStatusAsync(Uri uri, string user, string password)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = BasicAuthentication.For(user, password);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    public async Task DisposeAsync()
    {
        await ShellCommand.TryRunAsync("bash", Path.Combine(RepositoryPaths.Root, "deploy/rabbitmq/stop-local.sh"), _data);
        Directory.Delete(_data, recursive: true);
    }
}
