using System.Globalization;

namespace ImagePipeline.IntegrationTests.MultiHost;

/// <summary>
/// Hosts with addresses of their own on this machine: one network namespace per host, each joined by
/// a veth pair to a bridge that this process also sits on (10.213.N.1), in a /24 nobody else uses.
/// Everything it makes has its random id in the name; dispose ends every process in its namespaces
/// and deletes the namespaces, veths and bridge, whatever state the test left them in.
/// </summary>
internal sealed class NetworkLab : IAsyncDisposable
{
    readonly string _id = Guid.NewGuid().ToString("N")[..5];
    readonly List<string> _namespaces = [];
    readonly Dictionary<string, string> _addresses = [];
    int _subnet;

    NetworkLab()
    {
    }

    string Bridge => $"ipb{_id}";

    /// <summary>This machine's own address on the lab network.</summary>
    public string GatewayAddress => $"10.213.{_subnet}.1";

    public static async Task<NetworkLab> CreateAsync()
    {
        var lab = new NetworkLab();
        try
        {
            var used = await ShellCommand.RunAsync("ip", ["-4", "-o", "addr"]);
            var free = Enumerable.Range(1, 250).Where(n => !used.Contains($"10.213.{n}.", StringComparison.Ordinal)).ToList();
            lab._subnet = free[Random.Shared.Next(free.Count)];
            await Ip("link", "add", lab.Bridge, "type", "bridge");
            await Ip("addr", "add", $"{lab.GatewayAddress}/24", "dev", lab.Bridge);
            await Ip("link", "set", lab.Bridge, "up");
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new host: its namespace, loopback up, and eth0 with the next address. Returns the address.</summary>
    public async Task<string> AddHostAsync(string name)
    {
        var ns = Namespace(name);
        var address = $"10.213.{_subnet}.{_namespaces.Count + 2}";
        var veth = $"v{_id}{_namespaces.Count.ToString(CultureInfo.InvariantCulture)}";
        await Ip("netns", "add", ns);
        _namespaces.Add(ns);
        await Ip("-n", ns, "link", "set", "lo", "up");
        await Ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        await Ip("link", "set", veth, "master", Bridge);
        await Ip("link", "set", veth, "up");
        await Ip("-n", ns, "addr", "add", $"{address}/24", "dev", "eth0");
        await Ip("-n", ns, "link", "set", "eth0", "up");
        _addresses[name] = address;
        return address;
    }

    public string Namespace(string host) => $"ip{_id}-{host}";

    /// <summary>Pulls the host's network cable: its processes live on but reach nothing, and nothing reaches them.</summary>
    public Task CutLinkAsync(string host) => Ip("-n", Namespace(host), "link", "set", "eth0", "down");

    /// <summary>Runs a command inside the host's namespace to completion.</summary>
    public Task<string> RunAsync(string host, IReadOnlyDictionary<string, string>? environment, params string[] command) =>
        ShellCommand.RunAsync("ip", ["netns", "exec", Namespace(host), .. command], environment, TimeSpan.FromMinutes(2));

    static Task<string> Ip(params string[] arguments) => ShellCommand.RunAsync("ip", arguments, timeout: TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in _namespaces)
        {
            // Only processes this lab started live in its namespaces.
            var pids = await ShellCommand.RunAsync("ip", ["netns", "pids", ns]).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "");
            foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                await ShellCommand.TryRunAsync("kill", "-KILL", pid);
            await ShellCommand.TryRunAsync("ip", "netns", "del", ns);
        }

        // The kernel frees a namespace (and its veth ends) only once its last socket is gone, which can
        // take a while; deleting the bridge-side ends removes each pair at once.
        for (var i = 0; i < _namespaces.Count; i++)
            await ShellCommand.TryRunAsync("ip", "link", "del", $"v{_id}{i.ToString(CultureInfo.InvariantCulture)}");
        await ShellCommand.TryRunAsync("ip", "link", "del", Bridge);
    }
}
