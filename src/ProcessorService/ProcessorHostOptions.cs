using System.ComponentModel.DataAnnotations;
using ImagePipeline.Hosting;

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

    /// <summary>Process tiles and, unless <see cref="AssembleImages"/> says otherwise, assemble images. Turn it off (with <see cref="HostSagas"/> on) for a saga-only host.</summary>
    public bool ProcessTiles { get; set; } = true;

    /// <summary>
    /// Assemble images from their processed tiles (one whole output image in memory at a time).
    /// Unset, it follows <see cref="ProcessTiles"/>. Set it apart to keep the whole-image work off the
    /// tile processors, for example on a saga host with the memory for one output image.
    /// </summary>
    public bool? AssembleImages { get; set; }

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
            | ((options.AssembleImages ?? options.ProcessTiles) ? PipelineRoles.Assembler : PipelineRoles.None)
            | (options.HostSagas ? PipelineRoles.Sagas : PipelineRoles.None);
        return roles != PipelineRoles.None
            ? roles
            : throw new SettingsException("Processor:ProcessTiles, Processor:AssembleImages and Processor:HostSagas are all off: this process would do nothing.");
    }
}
