using MassTransit;

namespace ImagePipeline.Sagas.Persistence;

/// <summary>A saga state kept in the blob store (<see cref="SagaStateStore{TSaga}"/>), under a key the store layout gives it.</summary>
public interface IStoredSagaState : ISaga
{
    static abstract string KeyOf(Guid correlationId);
}
