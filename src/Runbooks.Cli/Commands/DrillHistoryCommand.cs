using System.CommandLine;
using Runbooks.Cli.Hosting;
using Runbooks.Cli.Output;
using Runbooks.Core.Errors;
using Runbooks.Drills.Catalog;
using Runbooks.Drills.History;

namespace Runbooks.Cli.Commands;

/// <summary>
/// <c>drill history [&lt;drill&gt;...] [--history-dir DIR] [--last N] [--html FILE]</c>: each drill's recorded runs as a
/// table and a sparkline against its RTO row, a drift line where the median crept up, and the HTML page of charts.
/// </summary>
internal static class DrillHistoryCommand
{
    /// <summary>The <c>--history-dir</c> option, shared by <c>drill run</c> (where records go) and <c>drill history</c>.</summary>
    public static Option<string?> DirectoryOption() => new("--history-dir")
    {
        Description = $"The drill history folder (default: .config/drills.json's historyDir, else {DrillHistoryStore.DefaultDirectory}).",
        HelpName = "DIR",
    };

    /// <summary>
    /// The history folder, absolute: <paramref name="option"/> when given, else <c>historyDir</c> of
    /// <c>.config/drills.json</c>, else <c>.runbooks/history</c>, relative to <paramref name="workingDirectory"/>.
    /// </summary>
    public static string ResolveDirectory(string? option, string workingDirectory)
    {
        if (option is not null && string.IsNullOrWhiteSpace(option)) throw new BadInputException("--history-dir must name a folder.");
        var folder = option ?? DrillSettings.Load(workingDirectory).HistoryDirectory ?? DrillHistoryStore.DefaultDirectory;
        return Path.GetFullPath(folder, workingDirectory);
    }

    public static Command Create(CliSession session)
    {
        var drills = new Argument<string[]>("drill") { Description = "Drill names (default: every drill with a history).", Arity = ArgumentArity.ZeroOrMore };
        var directory = DirectoryOption();
        var last = new Option<int>("--last") { Description = "How many of each drill's latest runs the table shows.", HelpName = "N", DefaultValueFactory = _ => 10 };
        var html = new Option<string?>("--html") { Description = "Where the HTML page of charts goes (default: DIR/history.html).", HelpName = "FILE" };
        var window = new Option<int>("--drift-window")
        {
            Description = "Drift compares the median projected RTO of the last K runs with that of the K runs before them.",
            HelpName = "K",
            DefaultValueFactory = _ => DriftRule.DefaultWindow,
        };
        var percent = new Option<double>("--drift-percent")
        {
            Description = "The least rise of that median, in percent, that is drift.",
            HelpName = "P",
            DefaultValueFactory = _ => DriftRule.DefaultMinRiseRatio * 100,
        };
        var seconds = new Option<double>("--drift-seconds")
        {
            Description = "The least rise of that median, in projected seconds, that is drift.",
            HelpName = "S",
            DefaultValueFactory = _ => DriftRule.DefaultMinRise.TotalSeconds,
        };
        var command = new Command("history", "Each drill's recorded runs: projected RTO against its targets over time, a drift flag, and an HTML page of charts.")
            { drills, directory, last, html, window, percent, seconds };
        command.SetAction(parse => Execute(session, parse.GetValue(drills) ?? [], parse.GetValue(directory), parse.GetValue(last), parse.GetValue(html),
            parse.GetValue(window), parse.GetValue(percent), parse.GetValue(seconds)));
        return command;
    }

    private static int Execute(CliSession session, string[] names, string? directory, int last, string? html, int window, double percent, double seconds)
    {
        var cwd = Directory.GetCurrentDirectory();
        try
        {
            if (last < 1) throw new BadInputException($"--last must be at least 1, not {last}.");
            if (html is not null && string.IsNullOrWhiteSpace(html)) throw new BadInputException("--html must name a file.");
            if (!double.IsFinite(seconds)) throw new BadInputException($"--drift-seconds must be a number of seconds, not {seconds}.");
            var rule = new DriftRule(window, percent / 100, TimeSpan.FromSeconds(seconds));
            var store = new DrillHistoryStore(ResolveDirectory(directory, cwd));
            var drills = names.Length > 0 ? names.Distinct(StringComparer.Ordinal).ToList() : store.Drills();
            if (drills.Count == 0)
            {
                Console.Out.WriteLine($"No drill history in {Words.Path(store.Directory)} yet; `runbooks drill run` records one line per drill and run.");
                return ExitCodes.Success;
            }
            // Every file is read before anything is written: a malformed line stops the command with nothing half done.
            var trends = drills.Select(d => DrillTrend.Of(d, store, rule)).ToList();
            foreach (var trend in trends) Console.Out.Write(HistoryTrendText.Render(trend, last) + (trend == trends[^1] ? "" : "\n"));
            var page = Path.GetFullPath(html ?? Path.Combine(store.Directory, "history.html"), cwd);
            Directory.CreateDirectory(Path.GetDirectoryName(page)!);
            File.WriteAllText(page, HtmlHistoryReport.Render(trends, rule));
            Console.Out.WriteLine($"history page: {Words.Path(page)}");
            return ExitCodes.Success;
        }
        catch (BadInputException e) { session.Error(e.Message); return ExitCodes.BadInput; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            session.Error($"The history page could not be written: {e.Message}");
            return ExitCodes.EnvironmentUnavailable;
        }
    }
}
