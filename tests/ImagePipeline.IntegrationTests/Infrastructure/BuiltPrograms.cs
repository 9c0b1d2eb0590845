using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>The programs under test, as built next to this test assembly's configuration.</summary>
public static class BuiltPrograms
{
    public static string ProcessorService => BuiltProgram.ProcessorService;

    public static string Cli => BuiltProgram.Cli;
}
