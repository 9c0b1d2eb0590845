namespace ImagePipeline.Hosting.RabbitMq;

/// <summary>An exception and every exception it wraps, outermost first: where RabbitMQ's client and MassTransit bury the reason.</summary>
public static class ExceptionChain
{
    public static IEnumerable<Exception> Of(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException { InnerExceptions.Count: > 1 } aggregate)
                foreach (var inner in aggregate.InnerExceptions.Skip(1).SelectMany(Of))
                    yield return inner;
        }
    }
}
