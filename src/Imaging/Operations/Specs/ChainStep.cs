using ImagePipeline.Imaging.Operations.Steps;

namespace ImagePipeline.Imaging.Operations.Specs;

/// <summary>One parsed step of a chain: what it is, how it is written, and the step itself.</summary>
public sealed record ChainStep(StepDefinition Definition, string Spec, IImageStep Step);
