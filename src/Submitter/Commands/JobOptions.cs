using System.CommandLine;
using ImagePipeline.Client.Submitting;

namespace ImagePipeline.Submitter.Commands;

/// <summary>What every command that starts a job asks for: the inputs, the operation and the output encoding.</summary>
/// <param name="keepsResults">
/// Whether the command's store keeps results across jobs; <c>run</c>'s store is deleted when it ends,
/// so it neither offers <c>--no-cache</c> nor keeps anything.
/// </param>
/// <param name="wholeImagesByDefault">Whether images are processed whole unless --tile-size is given (<c>run</c>, one machine).</param>
internal sealed class JobOptions(bool keepsResults, bool wholeImagesByDefault = false)
{
    readonly Argument<string[]> _inputs = GlobalOptions.Inputs();
    readonly Option<string> _operation = GlobalOptions.Operation();
    readonly Option<int> _tileSize = wholeImagesByDefault ? GlobalOptions.TileSizeOnOneMachine() : GlobalOptions.TileSize();
    readonly Option<string> _format = GlobalOptions.Format();
    readonly Option<int?> _quality = GlobalOptions.Quality();
    readonly Option<bool> _noCache = new("--no-cache")
    {
        Description = "Process every image, even one already processed the same way (its stored result is otherwise reused).",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(_inputs);
        command.Options.Add(_operation);
        command.Options.Add(_tileSize);
        command.Options.Add(_format);
        command.Options.Add(_quality);
        if (keepsResults)
            command.Options.Add(_noCache);
    }

    /// <exception cref="UsageException">A mistake in the arguments: nothing has been read or submitted.</exception>
    public JobRequest CreateRequest(ParseResult parse) =>
        JobExecution.CreateRequest(parse.GetRequiredValue(_inputs), parse.GetRequiredValue(_operation), TileSize(parse),
            parse.GetRequiredValue(_format), parse.GetValue(_quality)) with { Caching = CachingFor(parse) };

    // A tile size no image reaches processes every image whole.
    int TileSize(ParseResult parse) =>
        wholeImagesByDefault && parse.GetResult(_tileSize) is null or { Implicit: true } ? int.MaxValue : parse.GetValue(_tileSize);

    ResultCaching CachingFor(ParseResult parse) =>
        !keepsResults ? ResultCaching.Off
        : parse.GetValue(_noCache) ? ResultCaching.Refresh
        : ResultCaching.Reuse;
}
