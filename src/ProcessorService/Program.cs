using ImagePipeline.Hosting;
using ImagePipeline.Hosting.RabbitMq;
using ImagePipeline.ProcessorService;
using Microsoft.Extensions.Options;

string? conflict;
try
{
    // Disposed before the reason is written, so the log's queued lines come out first and the reason ends the output.
    // RunAsync disposes it too, so the guard is taken while its services can still be resolved.
    using (var host = ProcessorHost.CreateBuilder(args).Build())
    {
        var guard = host.Services.GetRequiredService<QueueConflictGuard>();
        // Every setting checked at once, before the bus reads its own and would report only those.
        host.Services.GetService<IStartupValidator>()?.Validate();
        await host.RunAsync();
        conflict = guard.Reason;
    }
}
catch (Exception exception) when ((SettingsProblems.Describe(exception) ?? QueueConflicts.Describe(exception, QueueConflictGuard.Declarer)) is { } problems)
{
    return await CannotStartAsync(problems);
}

return conflict is null ? 0 : await CannotStartAsync(conflict);

// A setting to fix, not a crash: one line naming it, and an exit code the unit does not restart on.
static async Task<int> CannotStartAsync(string reason)
{
    await Console.Error.WriteLineAsync($"imagepipe-processor: cannot start: {reason}");
    return ProcessorHost.SettingsExitCode;
}
