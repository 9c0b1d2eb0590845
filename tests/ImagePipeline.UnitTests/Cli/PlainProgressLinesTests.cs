using ImagePipeline.Client.Progress;
using ImagePipeline.Submitter.Presentation;

namespace ImagePipeline.UnitTests.Cli;

public sealed class PlainProgressLinesTests
{
    [Fact]
    public void Report_BeforeAnyImageEnded_ShowsCountsWithoutARate_ThenTheRateAndEta()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var lines = new PlainProgressLines(output, clock);

        lines.Report(Progress(done: 0, tilesDone: 0));
        clock.Advance(TimeSpan.FromSeconds(2));
        lines.Report(Progress(done: 1, tilesDone: 12));

        Assert.Equal(
            ["0 done, 0 failed of 4 images; 0/48 tiles", "1 done, 0 failed of 4 images; 12/48 tiles; 0.50 images/s, ETA 00:00:06"],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Four images of 12 tiles each, the first <paramref name="done"/> of them done.</summary>
    static JobProgress Progress(int done, int tilesDone) => new()
    {
        JobId = Guid.Empty,
        Operation = "invert",
        SubmittedAt = DateTimeOffset.UnixEpoch,
        Images = Enumerable.Range(0, 4).Select(index => new ImageProgress
        {
            Index = index,
            SourceName = $"{index}.png",
            OutputName = $"{index}.png",
            Outcome = index < done ? ImageOutcome.Done : ImageOutcome.Processing,
            TilesDone = index == 0 ? tilesDone : 0,
            TileCount = 12,
        }).ToList(),
    };

    sealed class ManualClock : TimeProvider
    {
        long _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;

        public override long GetTimestamp() => _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }
}
