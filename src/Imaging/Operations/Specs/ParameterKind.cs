namespace ImagePipeline.Imaging.Operations.Specs;

/// <summary>What values a step parameter takes.</summary>
public enum ParameterKind
{
    Integer,
    Real,
    Choice,
}
