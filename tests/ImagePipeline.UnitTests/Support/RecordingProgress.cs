using ImagePipeline.Client.Progress;

namespace ImagePipeline.UnitTests.Support;

/// <summary>Keeps every report, in order, as it is made (not posted to a synchronization context as <see cref="Progress{T}"/> would).</summary>
public sealed class RecordingProgress : IProgress<JobProgress>
{
    public List<JobProgress> Reports { get; } = [];

    public void Report(JobProgress value) => Reports.Add(value);
}
