namespace ImagePipeline.Sagas.Persistence;

/// <summary>The version of a loaded saga, kept as a payload on its consume context until it is written back.</summary>
internal sealed record SagaETag(string Value);
