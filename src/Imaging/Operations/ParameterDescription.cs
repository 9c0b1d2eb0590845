using ImagePipeline.Imaging.Operations.Specs;

namespace ImagePipeline.Imaging.Operations;

/// <summary>A parameter as the front doors describe it (<see cref="OperationDescription"/>).</summary>
/// <param name="Kind">"integer", "real" or "choice".</param>
/// <param name="Min">Null for a choice.</param>
/// <param name="Choices">Null unless a choice.</param>
/// <param name="Range">The accepted values in words ("1..99, odd").</param>
public sealed record ParameterDescription(string Name, string Kind, string Default, double? Min, double? Max, bool OddOnly,
    IReadOnlyList<string>? Choices, string Range, string Description)
{
    public static ParameterDescription Of(ParameterSpec parameter)
    {
        var choice = parameter.Kind == ParameterKind.Choice;
        return new ParameterDescription(parameter.Name, parameter.Kind.ToString().ToLowerInvariant(), parameter.Default,
            choice ? null : parameter.Min, choice ? null : parameter.Max, parameter.OddOnly, choice ? parameter.Choices : null,
            parameter.Range, parameter.Description);
    }
}
