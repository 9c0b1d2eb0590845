namespace ImagePipeline.Benchmarks.Results;

/// <summary>Relates each run to the seed's Python yardstick of the same suite run, op and input.</summary>
internal static class RatioCalculator
{
    public const string Pool = "python pool";
    public const string Whole = "python whole";

    public static void Fill(IReadOnlyList<Measurement> measurements)
    {
        foreach (var m in measurements)
        {
            var yardstick = measurements.FirstOrDefault(y => y.Group == m.Group && y.Op == m.Op && y.Input == m.Input
                && y.Scenario == (m.Group == "batch" ? Pool : Whole));
            if (yardstick is not null)
                m.SpeedupOverYardstick = yardstick.Seconds / m.Seconds;
            if (m.Scenario.StartsWith("distributed", StringComparison.Ordinal) && yardstick?.CpuSecondsPerImage is { } pool)
                m.CpuPerImageOverPool = m.CpuSecondsPerImage / pool;
        }
    }
}
