namespace ImagePipeline.Benchmarks.Results;

/// <summary>Relates each run to its baseline from the same suite run.</summary>
internal static class RatioCalculator
{
    public static void Fill(IReadOnlyList<Measurement> measurements)
    {
        foreach (var m in measurements.Where(m => m.Group == "batch"))
        {
            var limit = measurements.FirstOrDefault(l => l.Group == "batch" && l.Scenario == "limit" && l.Op == m.Op);
            if (limit is not null)
                m.ThroughputRatioToLimit = m.ImagesPerSecond / limit.ImagesPerSecond;
        }

        foreach (var m in measurements.Where(m => m.Group == "large"))
        {
            // The baseline is the best single process: whole image, OpenCV threaded over every core.
            var whole = measurements
                .Where(w => w.Group == "large" && w.Scenario.StartsWith("whole", StringComparison.Ordinal) && w.Op == m.Op && w.Input == m.Input)
                .MinBy(w => w.Seconds);
            if (whole is not null)
                m.TimeRatioToWhole = m.Seconds / whole.Seconds;
        }
    }
}
