namespace ImagePipeline.Imaging.Operations.Steps;

/// <summary>How far a step's output pixels depend on its input, which decides how images are split.</summary>
public enum StepScope
{
    /// <summary>Each output pixel reads only its neighbourhood (the halo): tiles with halos are exact.</summary>
    Local,

    /// <summary>Output pixels depend on statistics of the whole image: processed whole.</summary>
    Global,

    /// <summary>The output's size or pixel positions differ from the input's: processed whole.</summary>
    Geometric,
}
