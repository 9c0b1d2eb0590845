using ImagePipeline.Hosting;
using ImagePipeline.ProcessorService;
using Microsoft.Extensions.Options;

try
{
    using var host = ProcessorHost.CreateBuilder(args).Build();
    // Every setting checked at once, before the bus reads its own and would report only those.
    host.Services.GetService<IStartupValidator>()?.Validate();
    await host.RunAsync();
    return 0;
}
catch (Exception exception) when (SettingsProblems.Describe(exception) is { } problems)
{
    // A setting to fix, not a crash: one line naming it, and an exit code the unit does not restart on.
    await Console.Error.WriteLineAsync($"imagepipe-processor: cannot start: {problems}");
    return ProcessorHost.SettingsExitCode;
}
