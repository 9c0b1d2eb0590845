using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagePipeline.Client;

internal static class JobManifestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
