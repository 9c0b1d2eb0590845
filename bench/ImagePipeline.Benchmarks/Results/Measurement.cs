namespace ImagePipeline.Benchmarks.Results;

/// <summary>One timed run. Ratios compare with the in-process limit (batch) or the whole-image run (large) of the same suite run.</summary>
internal sealed record Measurement
{
    public required string Group { get; init; }

    public required string Scenario { get; init; }

    public required string Op { get; init; }

    public required string Input { get; init; }

    public required int Images { get; init; }

    public required double Megapixels { get; init; }

    public int? Tiles { get; init; }

    public required double Seconds { get; init; }

    public double ImagesPerSecond => Images / Seconds;

    public double MegapixelsPerSecond => Megapixels / Seconds;

    public double? TilesPerSecond => Tiles / Seconds;

    /// <summary>Throughput against the limit's (batch): above 1 is faster than the limit.</summary>
    public double? ThroughputRatioToLimit { get; set; }

    /// <summary>Wall time against the whole-image single-process run (large): below 1 is faster.</summary>
    public double? TimeRatioToWhole { get; set; }

    public required int ExitCode { get; init; }

    /// <summary>Outputs found on disk afterwards; a run that lost any is reported, never dropped.</summary>
    public required int Outputs { get; init; }

    /// <summary>Peak resident memory (VmHWM) of each process involved, in MiB.</summary>
    public required IReadOnlyDictionary<string, double> PeakMiB { get; init; }
}
