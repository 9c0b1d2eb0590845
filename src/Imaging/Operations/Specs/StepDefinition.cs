using ImagePipeline.Imaging.Operations.Steps;

namespace ImagePipeline.Imaging.Operations.Specs;

/// <summary>A named step with its parameters and how to build it from checked values.</summary>
public sealed class StepDefinition(string name, string description, IReadOnlyList<ParameterSpec> parameters, Func<StepArguments, IImageStep> create)
{
    public string Name { get; } = name;

    /// <summary>What it does, in words for <c>imagepipe ops</c>.</summary>
    public string Description { get; } = description;

    public IReadOnlyList<ParameterSpec> Parameters { get; } = parameters;

    /// <summary>True for a step that measures the pipeline itself (<c>noop</c>): accepted in specs, not offered on the web page.</summary>
    public bool IsDiagnostic { get; init; }

    /// <exception cref="OperationSpecException">The values are inconsistent with each other.</exception>
    internal IImageStep Create(StepArguments arguments) => create(arguments);

    public ParameterSpec? Find(string parameter) => Parameters.FirstOrDefault(p => p.Name == parameter);
}
