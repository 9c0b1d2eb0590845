using System.Globalization;
using Spectre.Console;

namespace ImagePipeline.Submitter.Presentation;

/// <summary>
/// Where commands write. On a terminal, Spectre's console as it detects it. Into a pipe or a file, plain text:
/// no colours, tables without borders, and no line wrapped (Spectre would wrap at 80 columns, splitting ids and
/// names that scripts grep for), unless COLUMNS asks for a width.
/// </summary>
internal static class Consoles
{
    /// <summary>Wide enough that no line is wrapped, small enough for Spectre's layout arithmetic.</summary>
    const int Unwrapped = 1 << 16;

    static readonly Lazy<IAnsiConsole> ErrorConsole = new(() => Create(Console.Error, Console.IsErrorRedirected));

    /// <summary>Standard error, for messages: the same rules as standard output.</summary>
    public static IAnsiConsole Error => ErrorConsole.Value;

    /// <summary>Makes <see cref="AnsiConsole"/>'s static methods follow these rules for standard output.</summary>
    public static void Configure() => AnsiConsole.Console = Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>A table with these columns: bordered on a terminal; when redirected, columns aligned two spaces apart and nothing else.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().AddColumns(columns);
        if (!Console.IsOutputRedirected)
            return table;
        table.Border(TableBorder.None);
        foreach (var column in table.Columns)
            column.Padding = new Padding(0, 0, 2, 0);
        return table;
    }

    /// <summary>
    /// Writes <paramref name="table"/> to standard output; when redirected, each line without the spaces that pad it
    /// to the table's width, so that a script's line ends at its last word.
    /// </summary>
    public static void Write(Table table)
    {
        if (!Console.IsOutputRedirected)
        {
            AnsiConsole.Write(table);
            return;
        }

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Create(text, redirected: true).Write(table);
        foreach (var line in text.ToString().TrimEnd('\n').Split('\n'))
            Console.Out.WriteLine(line.TrimEnd());
    }

    static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        if (!redirected)
            return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = RequestedWidth() ?? Unwrapped;
        return console;
    }

    static int? RequestedWidth() =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0
            ? columns
            : null;
}
