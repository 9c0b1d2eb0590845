using ImagePipeline.Client.Progress;

namespace ImagePipeline.Submitter.Presentation;

/// <summary>One line each time something changes, for logs and pipes: counts, tiles, and once images end, rate and ETA.</summary>
internal sealed class PlainProgressLines(TextWriter output, TimeProvider clock) : IProgress<JobProgress>
{
    readonly ProgressRate _rate = new(clock);
    string? _last;

    public void Report(JobProgress value)
    {
        var ended = value.Done + value.Failed;
        var counts = $"{value.Done} done, {value.Failed} failed of {value.ImageCount} images; {value.TilesDone}/{value.TileCount} tiles";
        if (counts == _last)
            return;
        _last = counts;
        // A rate needs an image ended, and some time: before that it would read "0.00 images/s".
        if (ended == 0 || _rate.ImagesPerSecond(ended) <= 0)
        {
            output.WriteLine(counts);
            return;
        }

        var eta = _rate.Remaining(ended, value.ImageCount) is { } remaining && ended < value.ImageCount ? $", ETA {remaining:hh\\:mm\\:ss}" : "";
        output.WriteLine($"{counts}; {_rate.ImagesPerSecond(ended):0.00} images/s{eta}");
    }
}
