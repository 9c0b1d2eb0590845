namespace ImagePipeline.Submitter.Presentation;

/// <summary>Images per second since the first report, and the time left at that rate.</summary>
internal sealed class ProgressRate(TimeProvider clock)
{
    readonly long _start = clock.GetTimestamp();

    public double ImagesPerSecond(int ended)
    {
        var seconds = clock.GetElapsedTime(_start).TotalSeconds;
        return seconds < 0.001 ? 0 : ended / seconds;
    }

    /// <summary>Null until at least one image has ended.</summary>
    public TimeSpan? Remaining(int ended, int total)
    {
        var rate = ImagesPerSecond(ended);
        return rate <= 0 ? null : TimeSpan.FromSeconds((total - ended) / rate);
    }
}
