using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Imaging.Operations.Steps;

namespace ImagePipeline.Imaging.Operations;

/// <summary>
/// An operation as the front doors describe it (<c>imagepipe ops --json</c>, the web page's <c>/api/ops</c>): one shape
/// for both, so a script and the page read the same names.
/// </summary>
/// <param name="Title">The description's part before ": " (every description has one; a unit test holds them to it).</param>
/// <param name="Seed">One of the seed's ten operations.</param>
/// <param name="Diagnostic">Measures the pipeline itself (<c>noop</c>): accepted in specs, not offered on the web page.</param>
/// <param name="Halo">Pixels of neighbours a tile needs on each side, with the defaults.</param>
/// <param name="Tiling">How an image is split for it: tiled, in two passes, or whole.</param>
/// <param name="Output">"gray" (one channel) or "color" (as the input).</param>
public sealed record OperationDescription(string Name, string Title, string Description, bool Seed, bool Diagnostic,
    IReadOnlyList<ParameterDescription> Parameters, int Halo, string Tiling, string Output)
{
    /// <summary>Every step of <see cref="StepCatalog"/>, in its order.</summary>
    public static IReadOnlyList<OperationDescription> All { get; } = StepCatalog.All.Select(Describe).ToArray();

    static OperationDescription Describe(StepDefinition step, int index)
    {
        var chain = OperationSpec.Parse(step.Name);
        return new OperationDescription(
            step.Name,
            step.Description[..step.Description.IndexOf(": ", StringComparison.Ordinal)],
            step.Description,
            Seed: index < StepCatalog.SeedCount,
            step.IsDiagnostic,
            step.Parameters.Select(ParameterDescription.Of).ToArray(),
            chain.Halo,
            TilingOf(chain),
            chain.ProducesGray ? "gray" : "color");
    }

    static string TilingOf(OperationChain chain) => chain switch
    {
        { Scope: StepScope.Geometric } => "whole image (geometry)",
        { IsGlobal: true } => "whole image (global)",
        { Passes.Count: > 1 } => "tiled, two passes",
        _ => "tiled",
    };
}
