namespace ImagePipeline.IntegrationTests.Infrastructure;

public static class Poll
{
    /// <summary>Looks at <paramref name="condition"/> twice a second until it holds; a <see cref="TimeoutException"/> saying <paramref name="failure"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(failure);
            await Task.Delay(500);
        }
    }
}
