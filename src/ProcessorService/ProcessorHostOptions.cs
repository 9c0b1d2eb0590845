using System.ComponentModel.DataAnnotations;
using ImagePipeline.Orchestration.Hosting;

namespace ImagePipeline.ProcessorService;

/// <summary>What this processor does (section "Processor").</summary>
public sealed class ProcessorHostOptions
{
    public const string SectionName = "Processor";

    /// <summary>
    /// Host the sagas here as well as processing tiles. Turn it off to run dedicated saga hosts,
    /// for example to keep tile completions of one job from racing between many processes.
    /// </summary>
    public bool HostSagas { get; set; } = true;

    /// <summary>Process tiles and assemble images. Turn it off (with <see cref="HostSagas"/> on) for a saga-only host.</summary>
    public bool ProcessTiles { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

internal static class ProcessorHostOptionsExtensions
{
    public static IServiceCollection AddProcessorHostOptions(this IServiceCollection services)
    {
        services.AddOptions<ProcessorHostOptions>().BindConfiguration(ProcessorHostOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Above MassTransit's stop timeout (20 s) and below the systemd unit's TimeoutStopSec (45 s).
        services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<ProcessorHostOptions>>(
            (host, processor) => host.ShutdownTimeout = processor.Value.ShutdownTimeout);
        return services;
    }

    public static PipelineRoles GetProcessorRoles(this IConfiguration configuration)
    {
        var options = new ProcessorHostOptions();
        configuration.GetSection(ProcessorHostOptions.SectionName).Bind(options);
        var roles = (options.ProcessTiles ? PipelineRoles.Processor : PipelineRoles.None)
            | (options.HostSagas ? PipelineRoles.Sagas : PipelineRoles.None);
        return roles != PipelineRoles.None
            ? roles
            : throw new InvalidOperationException("Processor:ProcessTiles and Processor:HostSagas are both off: this process would do nothing.");
    }
}
