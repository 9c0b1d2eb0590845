namespace ImagePipeline.Client.Watching;

/// <summary>
/// Tells when a file has stopped changing: same size and time stamp for a quiet period, and not held
/// exclusively by a writer. A file still being copied or uploaded is therefore not taken half-written.
/// </summary>
internal sealed class StableFiles(TimeSpan quietPeriod, TimeProvider clock)
{
    readonly record struct Seen(long Length, DateTime LastWrite, DateTimeOffset Since);

    readonly Dictionary<string, Seen> _seen = new(StringComparer.Ordinal);

    /// <summary>Records the files present now and returns those quiet for long enough, in ordinal order.</summary>
    public IReadOnlyList<string> Update(IEnumerable<string> present)
    {
        var now = clock.GetUtcNow();
        var current = new HashSet<string>(StringComparer.Ordinal);
        var stable = new List<string>();
        foreach (var path in present)
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                continue;
            current.Add(path);
            if (!_seen.TryGetValue(path, out var seen) || seen.Length != info.Length || seen.LastWrite != info.LastWriteTimeUtc)
                _seen[path] = new Seen(info.Length, info.LastWriteTimeUtc, now);
            else if (now - seen.Since >= quietPeriod && !IsLocked(path))
                stable.Add(path);
        }

        foreach (var gone in _seen.Keys.Where(path => !current.Contains(path)).ToList())
            _seen.Remove(gone);
        stable.Sort(StringComparer.Ordinal);
        return stable;
    }

    public void Forget(string path) => _seen.Remove(path);

    /// <summary>A writer holding an exclusive lock (flock on Linux) is still writing.</summary>
    static bool IsLocked(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}
