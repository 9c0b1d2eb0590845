using ImagePipeline.Hosting;
using ImagePipeline.Hosting.RabbitMq;
using ImagePipeline.ProcessorService;
using Microsoft.Extensions.Options;

string? conflict;
try
{
    // Disposed before the reason is written, so the log's queued lines come out first and the reason ends the output.
    using (var host = ProcessorHost.CreateBuilder(args).Build())
    {
        // Every setting checked at once, before the bus reads its own and would report only those.
        host.Services.GetService<IStartupValidator>()?.Validate();
        await host.RunAsync();
        conflict = host.Services.GetRequiredService<QueueConflictGuard>().Reason;
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
