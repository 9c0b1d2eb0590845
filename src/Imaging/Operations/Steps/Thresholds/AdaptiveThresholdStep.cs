using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps.Thresholds;

/// <summary>A threshold that follows the local mean (or Gaussian-weighted mean) of each pixel's block.</summary>
internal sealed class AdaptiveThresholdStep(AdaptiveThresholdTypes method, int block, double c, ThresholdTypes type, double max) : IImageStep
{
    public static StepDefinition Definition { get; } = new(
        "adaptive_threshold",
        "Adaptive threshold: colour converted to gray (BGR2GRAY), then Cv2.AdaptiveThreshold of the given type, each pixel against the mean (by method) of its block x block neighbourhood minus c, max where it passes; 1-channel result.",
        [
            ParameterSpec.Choice("method", "mean", ["mean", "gaussian"], "how the neighbourhood is averaged"),
            ParameterSpec.Integer("block", 11, 3, 255, "neighbourhood width and height", oddOnly: true),
            ParameterSpec.Real("c", 2, -255, 255, "subtracted from the mean"),
            ParameterSpec.Choice("type", "binary", ["binary", "binary_inv"], "Cv2.Threshold type"),
            ParameterSpec.Integer("max", 255, 0, 255, "value given to pixels above their threshold"),
        ],
        a => new AdaptiveThresholdStep(
            a.Choice("method") == "gaussian" ? AdaptiveThresholdTypes.GaussianC : AdaptiveThresholdTypes.MeanC,
            a.Int("block"),
            a.Real("c"),
            a.Choice("type") == "binary_inv" ? ThresholdTypes.BinaryInv : ThresholdTypes.Binary,
            a.Int("max")));

    public int Halo => block / 2;

    public StepScope Scope => StepScope.Local;

    public int OutputChannels(int inputChannels) => 1;

    public Mat Apply(Mat image)
    {
        using var gray = StepInput.ToGray(image);
        return StepInput.Filter(gray, (src, dst) => Cv2.AdaptiveThreshold(src, dst, max, method, type, block, c));
    }
}
