using ImagePipeline.Client.Submitting;
using ImagePipeline.Contracts;
using ImagePipeline.Hosting;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Sagas;
using ImagePipeline.Workers.Tiles;
using NetArchTest.Rules;

namespace ImagePipeline.UnitTests.Architecture;

/// <summary>
/// Who may use whom (docs/ARCHITECTURE.md): the roles speak the protocol and never each other, the protocol knows
/// no message bus, and only the hosts use the composition root.
/// </summary>
public sealed class RoleDependencyTests
{
    [Fact]
    public void Contracts_DependOnNothingButTheRuntime() =>
        AssertSuccess(Types.InAssembly(typeof(ProcessTile).Assembly).Should().OnlyHaveDependencyOn("System", "ImagePipeline.Contracts"));

    [Fact]
    public void Protocol_KnowsNoBusAndNoRole() =>
        AssertSuccess(Types.InAssembly(typeof(ImageLayout).Assembly).Should()
            .NotHaveDependencyOnAny("MassTransit", "ImagePipeline.Workers", "ImagePipeline.Sagas", "ImagePipeline.Client", "ImagePipeline.Hosting"));

    [Fact]
    public void Workers_UseNoOtherRole() =>
        AssertSuccess(Types.InAssembly(typeof(TileWorker).Assembly).Should()
            .NotHaveDependencyOnAny("ImagePipeline.Sagas", "ImagePipeline.Client", "ImagePipeline.Hosting"));

    [Fact]
    public void Sagas_UseNoOtherRole_AndNoPixels() =>
        AssertSuccess(Types.InAssembly(typeof(ImageStateMachine).Assembly).Should()
            .NotHaveDependencyOnAny("ImagePipeline.Workers", "ImagePipeline.Client", "ImagePipeline.Hosting", "OpenCvSharp"));

    [Fact]
    public void Client_UsesNoOtherRole_SoStatusReadsOnlyWhatTheSagasPublish() =>
        AssertSuccess(Types.InAssembly(typeof(JobSubmitter).Assembly).Should()
            .NotHaveDependencyOnAny("ImagePipeline.Workers", "ImagePipeline.Sagas", "ImagePipeline.Hosting"));

    [Fact]
    public void CompositionRoot_IsUsedByTheHostsAlone()
    {
        var hosts = new[] { "ImagePipeline.Hosting", "ImagePipeline.WebUi", "imagepipe", "ImagePipeline.ProcessorService" };
        var others = PipelineAssemblies.All.Where(assembly => !hosts.Contains(assembly.GetName().Name));

        AssertSuccess(Types.InAssemblies(others).Should().NotHaveDependencyOnAny(typeof(PipelineRoles).Namespace!));
    }

    static void AssertSuccess(ConditionList rule)
    {
        var result = rule.GetResult();
        Assert.True(result.IsSuccessful,
            "These break the rule: " + string.Join(", ", result.FailingTypes?.Select(type => type.FullName) ?? []));
    }
}
