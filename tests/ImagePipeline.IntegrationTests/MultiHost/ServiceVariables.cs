namespace ImagePipeline.IntegrationTests.MultiHost;

/// <summary>
/// The shell variables that deploy/rabbitmq/start-local.sh and scripts/start-azurite.sh print
/// (RABBITMQ_PORT=..., AZURITE_BLOB_CONNECTION=...), read from among whatever else a run printed.
/// </summary>
internal static class ServiceVariables
{
    public static Dictionary<string, string> Parse(string printed) => printed.Split('\n')
        .Select(line => line.Split('=', 2)).Where(pair => pair.Length == 2 && (pair[0].StartsWith("RABBITMQ_") || pair[0].StartsWith("AZURITE_")))
        .ToDictionary(pair => pair[0], pair => pair[1].Trim());
}
