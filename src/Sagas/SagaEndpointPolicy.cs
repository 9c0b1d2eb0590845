using MassTransit;

namespace ImagePipeline.Sagas;

/// <summary>How every saga endpoint handles concurrency and failure.</summary>
internal static class SagaEndpointPolicy
{
    /// <summary>How many lanes a saga endpoint's messages are split into, by correlation id.</summary>
    public const int PartitionCount = 8;

    public static void Apply(IReceiveEndpointConfigurator endpoint, IRegistrationContext context, int[] retryDelaysMs)
    {
        // A lost optimistic-concurrency race is normal when several processes host the sagas: replay
        // the message against fresh state, with jitter so the racers spread out. Without a limit: every
        // lost race means another process saved its own update, so the pipeline as a whole is moving,
        // and the race is not fair. While one process has a backlog of a job's events it writes the job's
        // state back to back, and the other process, which sleeps between its attempts, can lose every
        // attempt until that backlog is gone. The 5,000-image load test saw an ImageCompleted lose 31
        // races in a row (about 20 s) and land in job-state_error, so its job never ended.
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<ConcurrencyException>();
            r.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50));
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
