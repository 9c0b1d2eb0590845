using MassTransit;

namespace ImagePipeline.Orchestration.Sagas;

/// <summary>How every saga endpoint handles concurrency and failure.</summary>
internal static class SagaEndpointPolicy
{
    /// <summary>How many lanes a saga endpoint's messages are split into, by correlation id.</summary>
    public const int PartitionCount = 8;

    public static void Apply(IReceiveEndpointConfigurator endpoint, IRegistrationContext context, int[] retryDelaysMs)
    {
        // A lost optimistic-concurrency race is normal when several processes host the sagas: replay
        // the message against fresh state, with jitter so the racers spread out.
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<ConcurrencyException>();
            r.Exponential(30, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50));
        });

        // The blob store may be briefly unreachable: retry as the work consumers do before the
        // message goes to the error queue.
        endpoint.UseMessageRetry(r =>
        {
            r.Ignore<ConcurrencyException>();
            r.Intervals(retryDelaysMs);
        });

        // Outgoing messages leave only once the new state is saved; a crash in between is covered by
        // redelivery, which the state machines answer by re-sending what their state implies.
        endpoint.UseInMemoryOutbox(context);
    }
}
