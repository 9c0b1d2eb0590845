using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ImagePipeline.Hosting;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces and metrics, MassTransit's included, exported as configured by "Telemetry:Exporter":
    /// "none" (the default), "console", or "otlp" (endpoint from the standard OTEL_EXPORTER_OTLP_* variables).
    /// </summary>
    public static IServiceCollection AddPipelineTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var exporter = configuration["Telemetry:Exporter"]?.ToLowerInvariant() ?? "none";
        if (exporter == "none")
            return services;
        if (exporter is not ("console" or "otlp"))
            throw new SettingsException($"Telemetry:Exporter must be none, console or otlp, not '{exporter}'.");

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(DiagnosticHeaders.DefaultListenerName);
                if (exporter == "console") tracing.AddConsoleExporter();
                else tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(InstrumentationOptions.MeterName, Telemetry.PipelineMetrics.MeterName);
                if (exporter == "console") metrics.AddConsoleExporter();
                else metrics.AddOtlpExporter();
            });
        return services;
    }
}
