namespace ImagePipeline.Orchestration.Sagas.Persistence;

/// <summary>Where saga state lives in the blob store: <c>sagas/{state type}/{correlation id}.json</c>.</summary>
public static class SagaKeys
{
    public static string For<TSaga>(Guid correlationId) =>
        $"sagas/{typeof(TSaga).Name.ToLowerInvariant()}/{correlationId:N}.json";
}
