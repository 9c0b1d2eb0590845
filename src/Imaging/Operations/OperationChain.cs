using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Imaging.Operations.Steps;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>
/// A parsed operation spec: its steps run one after another on the same pixels, so one tile message
/// serves the whole chain. Its halo is the sum of its steps' halos: a pixel the last step reads must
/// itself have been computed from a full neighbourhood by the step before.
/// </summary>
public sealed class OperationChain : IImageOperation
{
    internal OperationChain(IReadOnlyList<ChainStep> steps)
    {
        Steps = steps;
        Name = string.Join('|', steps.Select(s => s.Spec));
        Halo = steps.Sum(s => s.Step.Halo);
        Scope = steps.Any(s => s.Step.Scope == StepScope.Geometric) ? StepScope.Geometric
            : steps.Any(s => s.Step.Scope == StepScope.Global) ? StepScope.Global
            : StepScope.Local;
        ProducesGray = steps.Aggregate(3, (channels, s) => s.Step.OutputChannels(channels)) == 1;
    }

    public IReadOnlyList<ChainStep> Steps { get; }

    /// <summary>The canonical spec: parsing it again gives the same chain.</summary>
    public string Name { get; }

    public string Description => string.Join(" Then: ", Steps.Select(s => s.Definition.Description));

    public int Halo { get; }

    /// <summary>Local when every step is; otherwise the chain runs on whole images.</summary>
    public StepScope Scope { get; }

    public bool IsGlobal => Scope != StepScope.Local;

    public bool ProducesGray { get; }

    public Mat Apply(Mat bgr)
    {
        BgrInput.Ensure(bgr);
        var current = bgr;
        try
        {
            foreach (var step in Steps)
            {
                var next = step.Step.Apply(current);
                if (!ReferenceEquals(current, bgr))
                    current.Dispose();
                current = next;
            }

            return current;
        }
        catch
        {
            if (!ReferenceEquals(current, bgr))
                current.Dispose();
            throw;
        }
    }

    public override string ToString() => Name;
}
