using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace ImagePipeline.Submitter.Presentation;

/// <summary>One setting as the commands will see it, and where its value comes from.</summary>
internal sealed record EffectiveSetting(string Key, string? Value, string Source);

/// <summary>
/// Reads every setting of the given option sections with the one precedence the commands use:
/// flags &gt; environment (IMAGEPIPE_*) &gt; --config file &gt; defaults. Secrets are masked.
/// </summary>
internal static class EffectiveSettings
{
    public static IReadOnlyList<EffectiveSetting> Read(IConfigurationRoot configuration, IEnumerable<(string Section, Type Options)> sections)
    {
        var settings = new List<EffectiveSetting>();
        foreach (var (section, type) in sections)
        {
            var defaults = Activator.CreateInstance(type);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var key = $"{section}:{property.Name}";
                var (value, source) = Find(configuration, key) ?? (Format(property.GetValue(defaults)), "default");
                settings.Add(new EffectiveSetting(key, SecretMask.Apply(key, value), source));
            }
        }

        return settings;
    }

    static (string? Value, string Source)? Find(IConfigurationRoot configuration, string key)
    {
        // Later providers win, as in IConfiguration itself.
        foreach (var provider in configuration.Providers.Reverse())
            if (provider.TryGet(key, out var value))
                return (value, SourceName(provider));
        return null;
    }

    static string SourceName(IConfigurationProvider provider) => provider switch
    {
        EnvironmentVariablesConfigurationProvider => "environment",
        JsonConfigurationProvider json => $"file {json.Source.Path}",
        MemoryConfigurationProvider => "flag",
        _ => provider.ToString() ?? "?",
    };

    static string? Format(object? value) => value switch
    {
        null => null,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
