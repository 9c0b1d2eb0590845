using ImagePipeline.Hosting;
using ImagePipeline.ProcessorService;
using ImagePipeline.Workers.Assembly;
using ImagePipeline.Workers.Tiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.UnitTests.Deploy;

/// <summary>Processor:ProcessTiles, AssembleImages and HostSagas: what a ProcessorService takes on.</summary>
public sealed class ProcessorRolesTests
{
    [Theory]
    [InlineData(null, null, null, PipelineRoles.All)]
    [InlineData("true", null, "false", PipelineRoles.Processor | PipelineRoles.Assembler)]
    [InlineData("false", null, "true", PipelineRoles.Sagas)]
    [InlineData("true", "false", "false", PipelineRoles.Processor)]
    [InlineData("false", "true", "true", PipelineRoles.Assembler | PipelineRoles.Sagas)]
    [InlineData("false", "true", "false", PipelineRoles.Assembler)]
    public void GetProcessorRoles_FollowsTheSettings_AssemblyFollowingTilesUnlessSet(string? processTiles, string? assembleImages, string? hostSagas,
        PipelineRoles expected)
    {
        var configuration = Configuration(processTiles, assembleImages, hostSagas);

        Assert.Equal(expected, configuration.GetProcessorRoles());
    }

    [Fact]
    public void GetProcessorRoles_WhenAllOff_ThrowsASettingsExceptionNamingTheSettings()
    {
        var exception = Assert.Throws<SettingsException>(() => Configuration("false", "false", "false").GetProcessorRoles());

        Assert.Contains("Processor:ProcessTiles", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PipelineRoles.Processor, true, false)]
    [InlineData(PipelineRoles.Assembler, false, true)]
    [InlineData(PipelineRoles.All, true, true)]
    [InlineData(PipelineRoles.Sagas, false, false)]
    public void AddPipelineBus_RegistersTheWorkersOfItsRolesOnly(PipelineRoles roles, bool tiles, bool assembly)
    {
        var services = new ServiceCollection();

        services.AddPipelineBus(roles, BusTransport.InMemory);

        Assert.Equal(tiles, services.Any(s => s.ServiceType == typeof(TileWorker)));
        Assert.Equal(assembly, services.Any(s => s.ServiceType == typeof(ImageAssembler)));
    }

    static IConfiguration Configuration(string? processTiles, string? assembleImages, string? hostSagas)
    {
        var values = new Dictionary<string, string?>();
        if (processTiles is not null)
            values["Processor:ProcessTiles"] = processTiles;
        if (assembleImages is not null)
            values["Processor:AssembleImages"] = assembleImages;
        if (hostSagas is not null)
            values["Processor:HostSagas"] = hostSagas;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
