using ImagePipeline.Orchestration.Jobs;
using Spectre.Console;

namespace ImagePipeline.Submitter.Presentation;

/// <summary>Shows a job's progress: a live bar on a terminal, plain lines when output is redirected.</summary>
internal static class ProgressView
{
    public static Task<JobProgress> TrackAsync(Func<IProgress<JobProgress>, Task<JobProgress>> wait)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            return wait(new PlainLines());

        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tiles = context.AddTask("tiles", maxValue: 1);
                var result = await wait(new Progress<JobProgress>(progress =>
                {
                    tiles.MaxValue = Math.Max(1, progress.TileCount);
                    tiles.Value = progress.TilesDone;
                    tiles.Description = $"{progress.Done + progress.Failed}/{progress.ImageCount} images";
                })).ConfigureAwait(false);
                tiles.Value = tiles.MaxValue;
                return result;
            });
    }

    /// <summary>One line each time something changes, for logs and pipes.</summary>
    sealed class PlainLines : IProgress<JobProgress>
    {
        string? _last;

        public void Report(JobProgress value)
        {
            var line = $"{value.Done} done, {value.Failed} failed of {value.ImageCount} images; {value.TilesDone}/{value.TileCount} tiles";
            if (line == _last)
                return;
            _last = line;
            Console.Error.WriteLine(line);
        }
    }
}
