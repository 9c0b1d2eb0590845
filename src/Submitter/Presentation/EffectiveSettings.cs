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
                var found = IsList(property.PropertyType) ? FindList(configuration, key) : Find(configuration, key);
                var (value, source) = found ?? (Format(property.GetValue(defaults)), "default");
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

    /// <summary>A list is configured as numbered keys (RabbitMq:ClusterNodes:0, :1, …), possibly from several sources, which combine.</summary>
    static (string? Value, string Source)? FindList(IConfigurationRoot configuration, string key)
    {
        var items = configuration.GetSection(key).GetChildren()
            .OrderBy(child => int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue)
            .Select(child => child.Value)
            .ToList();
        if (items.Count == 0)
            return null;
        var sources = configuration.Providers.Reverse().Where(provider => provider.GetChildKeys([], key).Any()).Select(SourceName);
        return (string.Join(", ", items), string.Join(" + ", sources));
    }

    static bool IsList(Type type) => type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

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
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => items.Cast<object?>().Any() ? string.Join(", ", items.Cast<object?>().Select(Format)) : "(none)",
        _ => value.ToString(),
    };
}
