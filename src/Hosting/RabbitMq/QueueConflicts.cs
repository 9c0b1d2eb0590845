using System.Text.RegularExpressions;

namespace ImagePipeline.Hosting.RabbitMq;

/// <summary>
/// Why the broker refused to declare a queue: it exists with other arguments (PRECONDITION_FAILED), most often a quorum
/// queue declared on a virtual host whose queues are classic. MassTransit retries that for ever; the command line and the
/// processor both stop and say this instead, since only a person can settle it.
/// </summary>
public static partial class QueueConflicts
{
    /// <param name="declarer">Who declared the queue, as the sentence names it: "this command", "this processor".</param>
    /// <returns>One line naming the queue, both values and the settings that must agree; null for any other failure.</returns>
    public static string? Describe(Exception exception, string declarer)
    {
        var match = ExceptionChain.Of(exception).Select(e => InequivalentArgument().Match(e.Message)).FirstOrDefault(m => m.Success);
        if (match is null)
            return null;
        var (argument, queue, virtualHost) = (match.Groups["argument"].Value, match.Groups["queue"].Value, match.Groups["vhost"].Value);
        var (asked, current) = (Value(match.Groups["received"].Value), Value(match.Groups["current"].Value));
        return argument == "x-queue-type"
            ? $"The broker refused queue '{queue}' in virtual host '{virtualHost}': it is a {current} queue there, and {declarer} declares it " +
              $"{(asked == "none" ? "without a type, which takes the virtual host's default (classic unless set otherwise)" : $"as {asked}")}. " +
              "The processors' RabbitMq:QueueType and the virtual host's default queue type " +
              "(deploy/rabbitmq/setup-pipeline.sh --queue-type) must agree: see docs/DEPLOY.md, \"Classic or quorum\"."
            : $"The broker refused queue '{queue}' in virtual host '{virtualHost}': its argument {argument} is {current} there, and {declarer} " +
              $"asks for {asked}. A queue's arguments never change: see docs/DEPLOY.md.";
    }

    /// <summary>"'quorum'" or "the value 'quorum' of type 'longstr'" is quorum; "none" stays none.</summary>
    static string Value(string text) => Quoted().Match(text) is { Success: true } quoted ? quoted.Groups[1].Value : text.Trim();

    [GeneratedRegex(@"inequivalent arg '(?<argument>[^']+)' for queue '(?<queue>[^']+)' in vhost '(?<vhost>[^']*)': received (?<received>.+?) but current is (?<current>[^,]+?)'?(,|$)")]
    private static partial Regex InequivalentArgument();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();
}
