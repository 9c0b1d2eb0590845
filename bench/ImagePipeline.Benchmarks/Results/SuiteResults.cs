using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagePipeline.Benchmarks.Results;

/// <summary>Everything one suite run measured, written as docs/performance.json.</summary>
internal sealed class SuiteResults
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required IReadOnlyDictionary<string, string> Machine { get; init; }

    public required string Command { get; init; }

    public DateTimeOffset Started { get; init; } = DateTimeOffset.UtcNow;

    public DateTimeOffset Finished { get; set; }

    public List<Measurement> Measurements { get; } = [];

    public List<string> Notes { get; } = [];

    public void Add(Measurement measurement)
    {
        Measurements.Add(measurement);
        Console.WriteLine($"{measurement.Group,-6} {measurement.Scenario,-16} {measurement.Op,-20} {measurement.Input,-10} " +
            $"{measurement.Seconds,7:F2} s" + (measurement.CpuSeconds is { } cpu ? $" {cpu,7:F2} CPU-s" : "") +
            (measurement.ExitCode != 0 ? $" EXIT {measurement.ExitCode}" : "") +
            $" outputs {measurement.Outputs}/{measurement.Images}");
    }

    public void Write(string path)
    {
        Finished = DateTimeOffset.UtcNow;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
    }
}
