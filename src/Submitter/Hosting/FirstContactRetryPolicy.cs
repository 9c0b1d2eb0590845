using Azure.Core;
using Azure.Core.Pipeline;

namespace ImagePipeline.Submitter.Hosting;

/// <summary>
/// The Azure SDK's retries (six tries, exponential back-off), except before the blob store has ever answered: a store
/// that refuses the first connection, whose host does not resolve, or that does not answer within
/// <see cref="FirstAnswerTimeout"/>, is a setting to fix and is said at once, not after the SDK's six tries over 26 s
/// (or 100 s each for a silent one). Once the store has answered, a failed connection is a passing fault (a restart)
/// and is retried as usual.
/// </summary>
internal sealed class FirstContactRetryPolicy() : RetryPolicy(maxRetries: 5)
{
    /// <summary>The first requests are small (a container's or a blob's properties, a listing): a store answers them in milliseconds.</summary>
    public static readonly TimeSpan FirstAnswerTimeout = TimeSpan.FromSeconds(8);

    int _answered;

    // The synchronous and asynchronous pipelines each call their own of these.
    protected override void OnSendingRequest(HttpMessage message)
    {
        BeforeSending(message);
        base.OnSendingRequest(message);
    }

    protected override ValueTask OnSendingRequestAsync(HttpMessage message)
    {
        BeforeSending(message);
        return base.OnSendingRequestAsync(message);
    }

    protected override void OnRequestSent(HttpMessage message)
    {
        AfterSending(message);
        base.OnRequestSent(message);
    }

    protected override ValueTask OnRequestSentAsync(HttpMessage message)
    {
        AfterSending(message);
        return base.OnRequestSentAsync(message);
    }

    protected override bool ShouldRetry(HttpMessage message, Exception? exception)
    {
        ThrowIfFirstContactFailed(message, exception);
        return base.ShouldRetry(message, exception);
    }

    protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception)
    {
        ThrowIfFirstContactFailed(message, exception);
        return base.ShouldRetryAsync(message, exception);
    }

    void BeforeSending(HttpMessage message)
    {
        if (Volatile.Read(ref _answered) == 0)
            message.NetworkTimeout = FirstAnswerTimeout;
    }

    void AfterSending(HttpMessage message)
    {
        if (message.HasResponse)
            Volatile.Write(ref _answered, 1);
    }

    void ThrowIfFirstContactFailed(HttpMessage message, Exception? exception)
    {
        if (exception is null || Volatile.Read(ref _answered) != 0 || message.CancellationToken.IsCancellationRequested)
            return;
        var endpoint = $"{message.Request.Uri.Host}:{message.Request.Uri.Port}";
        var problem = exception switch
        {
            _ when Find<HttpRequestException>(exception) is { HttpRequestError: HttpRequestError.NameResolutionError } =>
                $"the host name {message.Request.Uri.Host} does not resolve",
            _ when Find<HttpRequestException>(exception) is { HttpRequestError: HttpRequestError.ConnectionError } connection =>
                $"{endpoint} cannot be reached ({(connection.InnerException ?? connection).Message})",
            OperationCanceledException { InnerException: TimeoutException } =>
                $"{endpoint} did not accept a connection within {CliBlobClient.ConnectTimeout.TotalSeconds:0} s",
            OperationCanceledException => $"{endpoint} did not answer within {FirstAnswerTimeout.TotalSeconds:0} s",
            _ => null,
        };
        if (problem is not null)
            throw new InfrastructureUnavailableException(
                $"The blob store cannot be used: {problem}. Check Storage:ConnectionString (IMAGEPIPE_Storage__ConnectionString) and that the store is running.",
                exception);
    }

    static T? Find<T>(Exception exception) where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
            if (current is T found)
                return found;
        return null;
    }
}
