namespace ImagePipeline.Imaging.Operations.Specs;

/// <summary>The checked parameter values of one step of a spec, defaults filled in.</summary>
public sealed class StepArguments
{
    readonly string _context;
    readonly Dictionary<string, object> _values;
    readonly HashSet<string> _given;

    internal StepArguments(string context, Dictionary<string, object> values, HashSet<string> given)
    {
        _context = context;
        _values = values;
        _given = given;
    }

    public int Int(string name) => (int)_values[name];

    public double Real(string name) => (double)_values[name];

    public string Choice(string name) => (string)_values[name];

    /// <summary>True when the spec names the parameter, even with its default value.</summary>
    public bool IsGiven(string name) => _given.Contains(name);

    /// <summary>An error about <paramref name="parameter"/> of this step, for checks that involve several parameters.</summary>
    public OperationSpecException Invalid(string parameter, string problem) => new($"{_context}, parameter '{parameter}': {problem}.");
}
