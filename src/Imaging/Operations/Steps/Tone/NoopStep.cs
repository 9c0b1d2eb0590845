using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Tone;

/// <summary>The identity: a copy of the input. It lets benchmarks measure the pipeline's own cost with no pixel work.</summary>
internal sealed class NoopStep : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "noop", "Identity: returns a copy of the input (for measuring the pipeline itself).", [], _ => new NoopStep())
    {
        IsDiagnostic = true,
    };

    public int Halo => 0;

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => inputChannels;

    public Mat Apply(Mat image) => StepInput.Filter(image, (src, dst) => src.CopyTo(dst));
}
