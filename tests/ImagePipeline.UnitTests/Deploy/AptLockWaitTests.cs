using System.Diagnostics;
using ImagePipeline.UnitTests.Storage;
using ImagePipeline.UnitTests.TestData;

namespace ImagePipeline.UnitTests.Deploy;

/// <summary>
/// scripts/lib/apt.sh, which the install scripts use so that another apt (a freshly booted machine's unattended
/// upgrades) makes them wait rather than fail. Checked against a real fcntl lock, taken as dpkg takes its own, on a file
/// of the test's (APT_LOCK_FILES), so no package manager of this machine is held up.
/// </summary>
public sealed class AptLockWaitTests : IDisposable
{
    readonly TemporaryFolder _work = new();

    string LockFile => Path.Combine(_work.Path, "lock-frontend");

    [Fact]
    public async Task WaitForAptLocks_WhileAnotherProcessHoldsTheLock_SaysWhoOnceAndReturnsWhenItIsReleased()
    {
        using var holder = await HoldLockAsync(seconds: 3);

        var (exitCode, error, elapsed) = await BashAsync("wait_for_apt_locks 60");

        Assert.True(exitCode == 0, error);
        Assert.True(elapsed > TimeSpan.FromSeconds(1.5), $"returned after {elapsed}, while the lock was held");
        Assert.Equal([$"bash: waiting for another package manager to finish: python3 (PID {holder.Id}), which holds {LockFile} ..."],
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task WaitForAptLocks_WhenTheLockIsNeverReleased_GivesUpAfterItsLimit()
    {
        using var holder = await HoldLockAsync(seconds: 60);

        var (exitCode, error, _) = await BashAsync("wait_for_apt_locks 3");

        Assert.Equal(1, exitCode);
        Assert.Contains($"gave up after 3 s waiting for python3 (PID {holder.Id}), which holds {LockFile}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForAptLocks_WhenNoOneHoldsTheLock_ReturnsAtOnceSayingNothing()
    {
        await File.WriteAllTextAsync(LockFile, "");

        var (exitCode, error, elapsed) = await BashAsync("wait_for_apt_locks 60");

        Assert.Equal((0, ""), (exitCode, error));
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"took {elapsed}");
    }

    /// <summary>python3 holding an exclusive fcntl lock on <see cref="LockFile"/>, as apt-get and dpkg hold theirs.</summary>
    async Task<LockHolder> HoldLockAsync(int seconds)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import fcntl, sys, time\nf = open(sys.argv[1], 'w')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(float(sys.argv[2]))");
        start.ArgumentList.Add(LockFile);
        start.ArgumentList.Add(seconds.ToString());
        var holder = new LockHolder(Process.Start(start)!);
        Assert.Equal("locked", await holder.Process.StandardOutput.ReadLineAsync());
        return holder;
    }

    sealed class LockHolder(Process process) : IDisposable
    {
        public Process Process => process;

        public int Id => process.Id;

        public void Dispose()
        {
            if (!process.HasExited)
                process.Kill();
            process.Dispose();
        }
    }

    async Task<(int ExitCode, string Error, TimeSpan Elapsed)> BashAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"source {Path.Combine(RepositoryPaths.Root, "scripts", "lib", "apt.sh")}; {command}");
        start.Environment["APT_LOCK_FILES"] = LockFile;
        var clock = Stopwatch.StartNew();
        using var bash = Process.Start(start)!;
        var error = bash.StandardError.ReadToEndAsync();
        await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync();
        return (bash.ExitCode, await error, clock.Elapsed);
    }

    public void Dispose() => _work.Dispose();
}
