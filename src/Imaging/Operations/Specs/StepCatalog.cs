using System.Diagnostics.CodeAnalysis;
using ImagePipeline.Imaging.Operations.Steps.Edges;
using ImagePipeline.Imaging.Operations.Steps.Filters;
using ImagePipeline.Imaging.Operations.Steps.Geometry;
using ImagePipeline.Imaging.Operations.Steps.Morphology;
using ImagePipeline.Imaging.Operations.Steps.Thresholds;
using ImagePipeline.Imaging.Operations.Steps.Tone;

namespace ImagePipeline.Imaging.Operations.Specs;

/// <summary>Every step an operation spec may name: the seed's ten first, in its menu order, then the newer ones.</summary>
public static class StepCatalog
{
    private static readonly StepDefinition[] Definitions =
    [
        BlurStep.Definition,
        GaussianStep.Definition,
        MedianStep.Definition,
        BilateralStep.Definition,
        CannyStep.Definition,
        InvertStep.Definition,
        BrightnessStep.Definition,
        ToGrayStep.Definition,
        ThresholdStep.ToBw,
        ContrastStretchingStep.Definition,
        SharpenStep.Definition,
        SobelStep.Definition,
        LaplacianStep.Definition,
        MorphologyStep.Erode,
        MorphologyStep.Dilate,
        ThresholdStep.Definition,
        AdaptiveThresholdStep.Definition,
        ClaheStep.Definition,
        EqualizeStep.Definition,
        GammaStep.Definition,
        ResizeStep.Definition,
        RotateStep.Definition,
        FlipStep.Definition,
        NoopStep.Definition,
    ];

    private static readonly Dictionary<string, StepDefinition> ByName = Definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>How many of <see cref="All"/> are the seed's operations.</summary>
    public const int SeedCount = 10;

    public static IReadOnlyList<StepDefinition> All { get; } = Array.AsReadOnly(Definitions);

    public static bool TryGet(string name, [NotNullWhen(true)] out StepDefinition? definition) => ByName.TryGetValue(name, out definition);
}
