using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Client.Watching;

/// <summary>
/// Polls <c>inbox/&lt;op&gt;/</c> and turns quiet files into claims, at most <see cref="WatchOptions.MaxJobsInFlight"/>
/// jobs of <see cref="WatchOptions.BatchSize"/> files at once, so thousands of dropped files are worked
/// through steadily. On start it first finishes the claims a previous run left in processing/.
/// </summary>
internal sealed class FolderWatcher(WatchFolderLayout layout, ClaimJournal journal, ClaimRunner runner, IOptions<WatchOptions> options,
    TimeProvider clock, ILogger<FolderWatcher> logger) : BackgroundService
{
    readonly HashSet<string> _misplacedReported = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        layout.Create();
        WatchLog.Started(logger, layout.Root, layout.Inbox);
        using var slots = new SemaphoreSlim(settings.MaxJobsInFlight);
        var running = new List<Task>();
        var stable = new StableFiles(TimeSpan.FromSeconds(settings.QuietSeconds), clock);
        try
        {
            foreach (var claim in journal.Recover())
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                running.Add(RunAsync(claim, slots, stoppingToken));
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(task => task.IsCompleted);
                foreach (var (folder, files) in Scan(stable))
                {
                    foreach (var batch in files.Chunk(settings.BatchSize))
                    {
                        if (!slots.Wait(0))
                            break;
                        foreach (var file in batch)
                            stable.Forget(file);
                        running.Add(RunAsync(journal.Create(folder, batch), slots, stoppingToken));
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(settings.PollMilliseconds), clock, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Claims in flight stay in processing/ and are resumed by the next start.
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    async Task RunAsync(Claim claim, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await runner.RunAsync(claim, stoppingToken).ConfigureAwait(false);
                    return;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    WatchLog.Retrying(logger, exception, claim.JobId);
                    await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            slots.Release();
        }
    }

    IEnumerable<(string Folder, IReadOnlyList<string> Files)> Scan(StableFiles stable)
    {
        foreach (var misplaced in Directory.EnumerateFiles(layout.Inbox))
            if (!WatchFolderLayout.IsIgnored(Path.GetFileName(misplaced)) && _misplacedReported.Add(misplaced))
                WatchLog.Misplaced(logger, misplaced);

        var candidates = Directory.EnumerateDirectories(layout.Inbox)
            .SelectMany(Directory.EnumerateFiles)
            .Where(file => !WatchFolderLayout.IsIgnored(Path.GetFileName(file)));
        return stable.Update(candidates)
            .GroupBy(file => Path.GetFileName(Path.GetDirectoryName(file)!), StringComparer.Ordinal)
            .Select(group => (group.Key, (IReadOnlyList<string>)group.ToList()));
    }
}
