namespace ImagePipeline.Imaging.Operations.Specs;

/// <summary>
/// Parses operation specs: one step (<c>gaussian</c>, <c>gaussian:ksize=9,sigma=2.5</c>) or a chain of
/// steps separated by <c>|</c> (<c>to_gray|gaussian:ksize=5|canny:low=50,high=150</c>). Every value is
/// checked here, so a spec that parses can be run on any image.
/// </summary>
public static class OperationSpec
{
    public const int MaxSteps = 32;

    /// <exception cref="OperationSpecException">The spec names an unknown step or parameter, or a value is out of range.</exception>
    public static OperationChain Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec))
            throw new OperationSpecException("The operation is empty; 'imagepipe ops' lists the operations.");

        var texts = spec.Split('|');
        if (texts.Length > MaxSteps)
            throw new OperationSpecException($"Operation '{spec}' has {texts.Length} steps; at most {MaxSteps} are allowed.");

        var steps = new ChainStep[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            var context = texts.Length == 1 ? $"Operation '{spec}'" : $"Operation '{spec}', step {i + 1}";
            steps[i] = ParseStep(texts[i].Trim(), context);
        }

        return new OperationChain(steps);
    }

    static ChainStep ParseStep(string text, string context)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? text : text[..colon]).Trim();
        if (name.Length == 0)
            throw new OperationSpecException($"{context}: the step has no operation name; 'imagepipe ops' lists them.");
        if (!StepCatalog.TryGet(name, out var definition))
            throw new OperationSpecException($"{context}: unknown operation '{name}'. Known operations: {string.Join(", ", StepCatalog.All.Select(d => d.Name))}.");

        context = $"{context} '{name}'";
        var given = new Dictionary<string, object>(StringComparer.Ordinal);
        if (colon >= 0)
        {
            foreach (var assignment in text[(colon + 1)..].Split(','))
                ParseAssignment(assignment, definition, context, given);
        }

        var values = new Dictionary<string, object>(given, StringComparer.Ordinal);
        foreach (var parameter in definition.Parameters)
        {
            if (!values.ContainsKey(parameter.Name))
                values[parameter.Name] = parameter.TryParse(parameter.Default, out _)!;
        }

        var arguments = new StepArguments(context, values, [.. given.Keys]);
        var step = definition.Create(arguments);
        return new ChainStep(definition, Canonical(definition, given), step);
    }

    static void ParseAssignment(string assignment, StepDefinition definition, string context, Dictionary<string, object> given)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
            throw new OperationSpecException($"{context}: '{assignment.Trim()}' is not of the form name=value.");

        var key = assignment[..equals].Trim();
        var parameter = definition.Find(key) ?? throw new OperationSpecException(definition.Parameters.Count == 0
            ? $"{context}: unknown parameter '{key}'; {definition.Name} takes no parameters."
            : $"{context}: unknown parameter '{key}'; {definition.Name} takes {string.Join(", ", definition.Parameters.Select(p => p.Name))}.");
        if (given.ContainsKey(key))
            throw new OperationSpecException($"{context}, parameter '{key}': given twice.");

        var value = parameter.TryParse(assignment[(equals + 1)..].Trim(), out var problem)
            ?? throw new OperationSpecException($"{context}, parameter '{key}': {problem}.");
        given[key] = value;
    }

    // Only values that differ from the default, in the definition's order: one spelling per meaning,
    // and the seed's names stay exactly what they were.
    static string Canonical(StepDefinition definition, Dictionary<string, object> given)
    {
        var parts = definition.Parameters
            .Where(p => given.TryGetValue(p.Name, out var value) && ParameterSpec.Format(value) != ParameterSpec.Format(p.TryParse(p.Default, out _)!))
            .Select(p => $"{p.Name}={ParameterSpec.Format(given[p.Name])}")
            .ToArray();
        return parts.Length == 0 ? definition.Name : $"{definition.Name}:{string.Join(',', parts)}";
    }
}
