using System.Diagnostics;
using ImagePipeline.Hosting;
using ImagePipeline.ProcessorService;
using ImagePipeline.UnitTests.TestData;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.UnitTests.Deploy;

/// <summary>deploy/systemd's processor template, checked by systemd itself and against the host's own timeouts.</summary>
public sealed class SystemdUnitTests : IDisposable
{
    const string InstalledRoot = "/opt/imagepipe";
    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("imagepipe-units-");

    static string UnitFile => Path.Combine(RepositoryPaths.Root, "deploy", "systemd", "imagepipe-processor@.service");

    [Fact]
    public async Task Verify_ProcessorTemplateInstance_PassesSystemdAnalyzeWithoutWarnings()
    {
        // Offline (PID 1 here is not systemd): the unit, with its paths moved to a folder holding the built worker.
        var processor = Directory.CreateDirectory(Path.Combine(_root.FullName, "processor"));
        File.CreateSymbolicLink(Path.Combine(processor.FullName, "ImagePipeline.ProcessorService"), BuiltWorker());
        var unit = File.ReadAllText(UnitFile).Replace(InstalledRoot, _root.FullName);
        File.WriteAllText(Path.Combine(_root.FullName, "imagepipe-processor@.service"), unit);

        var (exitCode, output) = await RunAsync("systemd-analyze", "verify", "--man=no", "./imagepipe-processor@1.service");

        Assert.True(exitCode == 0 && output.Length == 0, $"systemd-analyze verify exited {exitCode}:\n{output}");
    }

    [Fact]
    public void ProcessorTemplate_WhenStopping_DeadlinesNestMassTransitInsideHostInsideSystemd()
    {
        var directives = File.ReadAllLines(UnitFile).Where(line => line.Contains('=') && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2)).GroupBy(pair => pair[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
        var services = new ServiceCollection();
        services.AddPipelineBus(PipelineRoles.Processor, BusTransport.InMemory);
        using var provider = services.BuildServiceProvider();
        var massTransitStop = provider.GetRequiredService<IOptions<MassTransitHostOptions>>().Value.StopTimeout!.Value;
        var hostShutdown = new ProcessorHostOptions().ShutdownTimeout;
        var systemdStop = TimeSpan.FromSeconds(int.Parse(directives["TimeoutStopSec"]));

        Assert.True(massTransitStop < hostShutdown && hostShutdown < systemdStop, $"{massTransitStop} < {hostShutdown} < {systemdStop}");
        Assert.Equal("notify", directives["Type"]);
        Assert.Equal("on-failure", directives["Restart"]);
        Assert.Equal(ProcessorHost.SettingsExitCode.ToString(), directives["RestartPreventExitStatus"]);
        Assert.Equal("strict", directives["ProtectSystem"]);
        Assert.Equal("imagepipe", directives["User"]);
        Assert.Equal("/etc/imagepipe/processor.env", directives["EnvironmentFile"]);
    }

    static string BuiltWorker()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ImagePipeline.ProcessorService");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The worker's executable is not built at {path}.", path);
    }

    async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = _root.FullName, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
