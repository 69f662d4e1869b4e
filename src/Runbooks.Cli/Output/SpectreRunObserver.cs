using Runbooks.Core.Steps;
using Runbooks.Scripting.Hosting;
using Spectre.Console;

namespace Runbooks.Cli.Output;

/// <summary>
/// Step lines for a terminal: a spinner with the live elapsed time while a step runs, a coloured line when it ends,
/// and a summary table. Only constructed when stdout is a terminal, so Spectre.Console never loads for pipes.
/// </summary>
internal sealed class SpectreRunObserver : IRunReporter
{
    private readonly IAnsiConsole _console = AnsiConsole.Console;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _ticker;
    private Task? _tickerTask;

    public void StepStarted(string name, int index, bool destructive)
    {
        lock (_gate)
        {
            StopTicker();
            var started = DateTime.UtcNow;
            _ticker = new CancellationTokenSource();
            var token = _ticker.Token;
            var label = $"[{index}] {name}{(destructive ? " (destructive)" : "")}";
            _tickerTask = Task.Run(async () =>
            {
                // A status line rewritten in place; cleared before anything else is printed.
                while (!token.IsCancellationRequested)
                {
                    Console.Out.Write($"\r\u001b[2K\u001b[36m>\u001b[0m {label}  {Words.Duration(DateTime.UtcNow - started)}");
                    Console.Out.Flush();
                    try { await Task.Delay(100, token); } catch (OperationCanceledException) { }
                }
            });
        }
    }

    public void StepEnded(StepResult r)
    {
        lock (_gate)
        {
            StopTicker();
            var (mark, colour) = r.Outcome switch
            {
                StepOutcome.Ok => ("✔", "green"),
                StepOutcome.Failed => ("✖", "red"),
                StepOutcome.Cancelled => ("■", "yellow"),
                _ => ("↷", "grey"),
            };
            var detail = r.Outcome switch
            {
                StepOutcome.Failed => r.Error,
                StepOutcome.Skipped or StepOutcome.Cancelled => r.Reason,
                _ => null,
            };
            _console.MarkupLine($"[{colour}]{mark}[/] [[{r.Index}]] {Markup.Escape(r.Name)} [grey]{Words.Duration(r.Elapsed)}[/]"
                + (detail is null ? "" : $" [{colour}]{Markup.Escape(detail)}[/]"));
        }
    }

    public void Logged(string message)
    {
        lock (_gate)
        {
            ClearLine();
            _console.MarkupLine($"  [grey]│[/] {Markup.Escape(message)}");
        }
    }

    public void Summary(ExecOutcome outcome)
    {
        lock (_gate) StopTicker();
        if (outcome.Steps.Count == 0) return;
        var table = new Table().RoundedBorder().AddColumns("#", "step", "outcome", "time", "detail");
        foreach (var s in outcome.Steps)
            table.AddRow(s.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(s.Name),
                Markup.Escape(Words.Outcome(s.Outcome)), Words.Duration(s.Elapsed), Markup.Escape(s.Error ?? s.Reason ?? ""));
        _console.Write(table);
        _console.MarkupLine($"[grey]exit {outcome.ExitCode} in {Words.Duration(outcome.Elapsed)}"
            + (outcome.JournalPath is null ? "" : $"; journal {Markup.Escape(Words.Path(outcome.JournalPath))}") + "[/]");
    }

    private void StopTicker()
    {
        if (_ticker is null) return;
        _ticker.Cancel();
        _tickerTask?.Wait(500);
        _ticker.Dispose();
        _ticker = null;
        ClearLine();
    }

    private static void ClearLine()
    {
        Console.Out.Write("\r\u001b[2K");
        Console.Out.Flush();
    }
}
