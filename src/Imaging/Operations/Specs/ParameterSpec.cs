using System.Globalization;

namespace ImagePipeline.Imaging.Operations.Specs;

/// <summary>One parameter of a step: its name, default and the values it accepts.</summary>
public sealed record ParameterSpec
{
    public required string Name { get; init; }
    public required ParameterKind Kind { get; init; }
    public required string Description { get; init; }

    /// <summary>The default, written as a user would write it.</summary>
    public required string Default { get; init; }

    public double Min { get; init; }
    public double Max { get; init; }
    public bool OddOnly { get; init; }
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>The accepted values in words, for <c>imagepipe ops</c> and error messages.</summary>
    public string Range => Kind switch
    {
        ParameterKind.Choice => string.Join(" | ", Choices),
        ParameterKind.Integer => Invariant($"{Min}..{Max}{(OddOnly ? ", odd" : "")}"),
        _ => Invariant($"{Min}..{Max}"),
    };

    public static ParameterSpec Integer(string name, int @default, int min, int max, string description, bool oddOnly = false) =>
        new() { Name = name, Kind = ParameterKind.Integer, Default = Invariant($"{@default}"), Min = min, Max = max, OddOnly = oddOnly, Description = description };

    public static ParameterSpec Real(string name, double @default, double min, double max, string description) =>
        new() { Name = name, Kind = ParameterKind.Real, Default = Invariant($"{@default}"), Min = min, Max = max, Description = description };

    public static ParameterSpec Choice(string name, string @default, IReadOnlyList<string> choices, string description) =>
        new() { Name = name, Kind = ParameterKind.Choice, Default = @default, Choices = choices, Description = description };

    /// <summary>Parses and checks <paramref name="text"/>; returns an int, a double or a string by <see cref="Kind"/>.</summary>
    /// <returns>The value, or null with <paramref name="problem"/> saying what is wrong with it.</returns>
    internal object? TryParse(string text, out string problem)
    {
        problem = "";
        switch (Kind)
        {
            case ParameterKind.Choice:
                if (Choices.Contains(text, StringComparer.Ordinal))
                    return text;
                problem = $"'{text}' is not one of {Range}";
                return null;
            case ParameterKind.Integer:
                if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    problem = $"'{text}' is not a whole number";
                    return null;
                }

                if (integer < Min || integer > Max)
                    problem = Invariant($"{integer} is out of range {Min}..{Max}");
                else if (OddOnly && integer % 2 == 0)
                    problem = Invariant($"{integer} is even; it must be odd ({Range})");
                return problem.Length == 0 ? integer : null;
            default:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) || !double.IsFinite(real))
                {
                    problem = $"'{text}' is not a number";
                    return null;
                }

                if (real < Min || real > Max)
                    problem = Invariant($"{real} is out of range {Min}..{Max}");
                return problem.Length == 0 ? real : null;
        }
    }

    internal static string Format(object value) => value switch
    {
        double real => real.ToString("R", CultureInfo.InvariantCulture),
        int integer => integer.ToString(CultureInfo.InvariantCulture),
        _ => (string)value,
    };

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
