using System.Text.RegularExpressions;

namespace ImagePipeline.Submitter.Presentation;

/// <summary>Hides secrets in settings shown to people: passwords and tokens whole, connection strings' keys.</summary>
internal static partial class SecretMask
{
    const string Hidden = "****";

    public static string? Apply(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return value;
        var name = key[(key.LastIndexOf(':') + 1)..];
        if (name.Contains("Password", StringComparison.OrdinalIgnoreCase) || name.Contains("Token", StringComparison.OrdinalIgnoreCase)
            || name.Contains("Secret", StringComparison.OrdinalIgnoreCase))
            return Hidden;
        return name.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase)
            ? ConnectionSecret().Replace(value, match => match.Groups["name"].Value + "=" + Hidden)
            : value;
    }

    [GeneratedRegex(@"(?<name>AccountKey|SharedAccessSignature|sig|Password|Pwd)=[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionSecret();
}
