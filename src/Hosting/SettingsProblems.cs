using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Hosting;

/// <summary>Settings that failed validation, said in one line a person can act on: which key, and what is wrong with it.</summary>
public static partial class SettingsProblems
{
    /// <summary>
    /// What is wrong with the settings, when <paramref name="exception"/> says: options that failed validation (one or
    /// several, as host start-up aggregates them), a <see cref="SettingsException"/>, a value the configuration binder
    /// could not convert, a settings file that is not JSON. Null for any other exception.
    /// </summary>
    public static string? Describe(Exception exception) => Problems(exception) is { Count: > 0 } problems
        ? string.Join("; ", problems.Select(problem => problem.TrimEnd('.'))) + "."
        : null;

    static List<string>? Problems(Exception exception) => exception switch
    {
        OptionsValidationException options => options.Failures.Select(failure => Clean(failure, options.OptionsType)).ToList(),
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => Problems(e) is not null) =>
            aggregate.InnerExceptions.SelectMany(e => Problems(e)!).ToList(),
        _ => Single(exception) is { } problem ? [problem] : null,
    };

    static string? Single(Exception exception) => exception switch
    {
        SettingsException settings => settings.Message,
        // The binder's own words name the key, the type and the value (a number or a flag: secrets are strings, which always bind).
        InvalidOperationException when exception.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => exception.Message,
        InvalidDataException { InnerException: FormatException format } => $"{exception.Message} {(format.InnerException ?? format).Message}",
        _ => null,
    };

    /// <summary>
    /// Data annotations report "DataAnnotation validation failed for 'RabbitMqOptions' members: 'Port' with the error: '…'.":
    /// only the error is kept, prefixed with the configuration key unless it already names it.
    /// </summary>
    static string Clean(string failure, Type optionsType)
    {
        var match = DataAnnotationFailure().Match(failure);
        if (!match.Success)
            return failure;
        var error = match.Groups["error"].Value;
        var section = optionsType.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string;
        return section is null || error.StartsWith(section + ":", StringComparison.Ordinal)
            ? error
            : $"{section}:{match.Groups["member"].Value}: {error}";
    }

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '(?<member>[^']*)'.* with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
