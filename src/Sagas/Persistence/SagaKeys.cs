namespace ImagePipeline.Sagas.Persistence;

/// <summary>Where saga state lives in the blob store: <c>sagas/{state type}/{correlation id}.json</c>.</summary>
public static class SagaKeys
{
    /// <summary>What every saga state's key starts with, and no other blob's.</summary>
    public const string Prefix = "sagas/";

    public static string For<TSaga>(Guid correlationId) =>
        $"{Prefix}{typeof(TSaga).Name.ToLowerInvariant()}/{correlationId:N}.json";
}
