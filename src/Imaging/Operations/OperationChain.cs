using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Imaging.Operations.Steps;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>
/// A parsed operation spec: its steps run one after another on the same pixels, so one tile message
/// serves the whole chain. Its halo is the sum of its steps' halos: a pixel the last step reads must
/// itself have been computed from a full neighbourhood by the step before. Global steps that can be
/// split (<see cref="ISplittableStep"/>) make the chain run in <see cref="Passes"/>; the others, and
/// geometric steps, make it run on whole images.
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
        IsGlobal = !CanRunInTiles(steps);
        Passes = new ChainPasses(IsGlobal ? [] : steps);
    }

    public IReadOnlyList<ChainStep> Steps { get; }

    /// <summary>The canonical spec: parsing it again gives the same chain.</summary>
    public string Name { get; }

    public string Description => string.Join(" Then: ", Steps.Select(s => s.Definition.Description));

    public int Halo { get; }

    /// <summary>Local when every step is; Global with a global step; Geometric with a geometric one.</summary>
    public StepScope Scope { get; }

    /// <summary>True when the chain must see whole images; false when tiles give the same result, in one pass or more.</summary>
    public bool IsGlobal { get; }

    /// <summary>How tiles run the chain: one pass when every step is local, one more per global step.</summary>
    public ChainPasses Passes { get; }

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

    // Geometric steps move pixels, other global steps read the whole image, and a step exact on tile cores
    // only cannot feed a step that reads a neighbourhood across the core's edge.
    static bool CanRunInTiles(IReadOnlyList<ChainStep> steps)
    {
        for (var index = 0; index < steps.Count; index++)
        {
            var step = steps[index].Step;
            if (step.Scope == StepScope.Geometric || (step.Scope == StepScope.Global && step is not ISplittableStep))
                return false;
            if (step is ISplittableStep { ExactOnCoreOnly: true } && steps.Skip(index + 1).Any(later => later.Step.Halo > 0))
                return false;
        }

        return true;
    }
}
