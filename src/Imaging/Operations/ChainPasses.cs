using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Imaging.Operations.Steps;
using ImagePipeline.Imaging.Tiling;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>
/// A tiled chain with global steps, run in passes. Pass k (one per global step) runs the steps before the
/// k-th global step on each tile's source, the earlier global steps with their reduced parameters, and
/// gathers the k-th global step's statistics on the core; the last pass runs the whole chain. Every pass
/// reads the same source tile with the chain's full halo, so nothing but statistics and parameters is
/// stored between passes, and the cores come out exactly as the whole image would give them.
/// </summary>
public sealed class ChainPasses
{
    readonly IReadOnlyList<ChainStep> steps;
    readonly int[] globalSteps;

    internal ChainPasses(IReadOnlyList<ChainStep> steps)
    {
        this.steps = steps;
        globalSteps = steps.Select((step, index) => (step, index)).Where(s => s.step.Step is ISplittableStep).Select(s => s.index).ToArray();
    }

    /// <summary>One pass per global step, plus the last one that produces the output.</summary>
    public int Count => globalSteps.Length + 1;

    /// <summary>Pass <paramref name="pass"/> (not the last): the statistics of its global step's input on the frame's core.</summary>
    /// <param name="parameters">The reduced parameters of every earlier pass, in order.</param>
    public byte[] Gather(Mat source, int pass, IReadOnlyList<byte[]> parameters, TileFrame frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pass);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pass, globalSteps.Length);
        var input = RunSteps(source, globalSteps[pass], parameters, frame);
        try
        {
            return Global(pass).Gather(input, frame);
        }
        finally
        {
            if (!ReferenceEquals(input, source))
                input.Dispose();
        }
    }

    /// <summary>Every tile's statistics of pass <paramref name="pass"/>, by tile index, reduced to its parameters.</summary>
    public byte[] Reduce(int pass, IReadOnlyList<byte[]> statistics, TileGrid grid)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pass);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pass, globalSteps.Length);
        return Global(pass).Reduce(statistics, grid);
    }

    /// <summary>The last pass: the whole chain on the source, with every global step's reduced parameters.</summary>
    public Mat Apply(Mat source, IReadOnlyList<byte[]> parameters, TileFrame frame)
    {
        var result = RunSteps(source, steps.Count, parameters, frame);
        return ReferenceEquals(result, source) ? source.Clone() : result;
    }

    ISplittableStep Global(int pass) => (ISplittableStep)steps[globalSteps[pass]].Step;

    /// <summary>Runs the steps before <paramref name="end"/>; may return <paramref name="source"/> itself when there are none.</summary>
    Mat RunSteps(Mat source, int end, IReadOnlyList<byte[]> parameters, TileFrame frame)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(frame);
        var needed = globalSteps.Count(index => index < end);
        if (parameters.Count < needed)
            throw new ArgumentException($"Running {end} steps needs the parameters of {needed} passes, got {parameters.Count}.", nameof(parameters));

        var current = source;
        var pass = 0;
        try
        {
            for (var index = 0; index < end; index++)
            {
                var step = steps[index].Step;
                var next = step is ISplittableStep global
                    ? global.ApplyWith(current, parameters[pass++], frame)
                    : step.Apply(current);
                if (!ReferenceEquals(current, source))
                    current.Dispose();
                current = next;
            }

            return current;
        }
        catch
        {
            if (!ReferenceEquals(current, source))
                current.Dispose();
            throw;
        }
    }
}
