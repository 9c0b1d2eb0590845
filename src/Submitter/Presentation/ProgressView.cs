using ImagePipeline.Client.Progress;
using Spectre.Console;

namespace ImagePipeline.Submitter.Presentation;

/// <summary>
/// Shows a job's progress: on a terminal, live bars for the job (images, with rate and ETA), its tiles
/// and each image in progress (tiles done/total); plain lines when output is redirected.
/// </summary>
internal static class ProgressView
{
    const int ImagesShown = 6;

    public static Task<JobProgress> TrackAsync(Func<IProgress<JobProgress>, Task<JobProgress>> wait)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            return wait(new PlainProgressLines(Console.Error, TimeProvider.System));

        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var rate = new ProgressRate(TimeProvider.System);
                var images = context.AddTask("images", maxValue: 1);
                var tiles = context.AddTask("tiles", maxValue: 1);
                var perImage = new Dictionary<int, ProgressTask>();
                var result = await wait(new Progress<JobProgress>(progress =>
                {
                    var ended = progress.Done + progress.Failed;
                    images.MaxValue = Math.Max(1, progress.ImageCount);
                    images.Value = ended;
                    images.Description = $"job: {ended}/{progress.ImageCount} images, {rate.ImagesPerSecond(ended):0.0}/s" +
                        (progress.Failed > 0 ? $", [red]{progress.Failed} failed[/]" : "");
                    tiles.MaxValue = Math.Max(1, progress.TileCount);
                    tiles.Value = progress.TilesDone;
                    tiles.Description = $"tiles: {progress.TilesDone}/{progress.TileCount}";
                    UpdateImages(context, perImage, progress);
                })).ConfigureAwait(false);
                images.Value = images.MaxValue;
                tiles.Value = tiles.MaxValue;
                foreach (var task in perImage.Values)
                    task.StopTask();
                return result;
            });
    }

    static void UpdateImages(ProgressContext context, Dictionary<int, ProgressTask> perImage, JobProgress progress)
    {
        foreach (var image in progress.Images)
        {
            if (perImage.TryGetValue(image.Index, out var task))
            {
                task.MaxValue = Math.Max(1, image.TileCount);
                task.Value = image.HasEnded ? task.MaxValue : image.TilesDone;
                if (image.HasEnded)
                    task.StopTask();
            }
            else if (!image.HasEnded && image.TilesDone > 0 && perImage.Values.Count(t => !t.IsFinished) < ImagesShown)
            {
                perImage[image.Index] = context.AddTask($"  {Markup.Escape(Path.GetFileName(image.SourceName))}", maxValue: Math.Max(1, image.TileCount));
                perImage[image.Index].Value = image.TilesDone;
            }
        }
    }
}
