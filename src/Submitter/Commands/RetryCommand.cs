using System.CommandLine;
using ImagePipeline.Client.Progress;
using ImagePipeline.Hosting;
using ImagePipeline.Hosting.RabbitMq;
using ImagePipeline.Submitter.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;
using Spectre.Console;

namespace ImagePipeline.Submitter.Commands;

/// <summary><c>imagepipe retry</c>: put a job's parked work back on its queues, once what it waited on is back.</summary>
internal sealed class RetryCommand : Command
{
    readonly Argument<Guid> _jobId = GlobalOptions.JobId();

    public RetryCommand()
        : base("retry", "Replay a distributed job's work that gave up after its retries (parked in the broker's _error queues), for instance " +
            "because the blob store was unavailable: run it once the store is back. Needs a broker user allowed to read the error queues.")
    {
        Arguments.Add(_jobId);
        SetAction((parse, cancellationToken) => CommandGuard.RunAsync(() => ExecuteAsync(parse, cancellationToken), cancellationToken));
    }

    async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var jobId = parse.GetValue(_jobId);
        using var host = ClientHosts.Distributed(parse.GetValue(GlobalOptions.Config), withBroker: false, builder => builder.Services.AddParkedMessages());
        if (await host.Services.GetRequiredService<JobStatusReader>().TryReadManifestAsync(jobId, cancellationToken).ConfigureAwait(false) is null)
            return CommandGuard.Fail(ExitCodes.JobNotFound, $"No job {jobId}.");

        IReadOnlyDictionary<string, int> moved;
        try
        {
            moved = await host.Services.GetRequiredService<ParkedMessages>().ReplayAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is BrokerUnreachableException or OperationInterruptedException or ConnectFailureException)
        {
            throw new InfrastructureUnavailableException(
                BrokerFailures.DescribeConnection(exception, host.Services.GetRequiredService<IOptions<RabbitMqOptions>>().Value), exception);
        }

        if (moved.Count == 0)
            AnsiConsole.MarkupLineInterpolated($"Nothing of job [bold]{jobId}[/] is parked.");
        else
            AnsiConsole.MarkupLineInterpolated(
                $"{moved.Values.Sum()} parked messages of job [bold]{jobId}[/] put back ({string.Join(", ", moved.Select(q => $"{q.Key} {q.Value}"))}); 'imagepipe status {jobId}' follows it.");
        return ExitCodes.Success;
    }
}
