using System.Runtime.CompilerServices;
using Runbooks.Cli.Hosting;
using Runbooks.Cli.Output;
using Runbooks.Core.Runs;
using Runbooks.Scripting.Caching;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Cli.Commands;

/// <summary>Runs one runbook request for <c>exec</c> and prints what the user asked for: live lines, a summary, or one JSON object.</summary>
internal static class RunbookRunner
{
    public static async Task<int> RunAsync(CliSession session, ExecRequest request, bool json, bool verbose, IRunReporter? reporter = null)
    {
        reporter ??= json ? new PlainRunObserver(Console.Error) : CreateReporter(session);
        var executor = new RunbookExecutor(new RunbookHost(ScriptCache.Default()), session.Redactor, reporter,
            new TerminalConfirmation(session.CanAsk && !json));
        var outcome = await executor.ExecuteAsync(request, session.Cancellation).ConfigureAwait(false);
        if (json) Console.Out.WriteLine(JsonResult.Render(outcome));
        else if (outcome.JournalPath is not null) reporter.Summary(outcome);
        if (outcome.Error is not null) session.Error(outcome.Error);
        if (verbose && outcome.Exception is not null) Console.Error.WriteLine(outcome.Exception);
        Console.Out.Flush();
        return outcome.ExitCode;
    }

    private static IRunReporter CreateReporter(CliSession session)
        => session.IsTerminal ? CreateSpectreReporter() : new PlainRunObserver(Console.Out);

    // Kept out of line so the JIT loads Spectre.Console only when stdout is a terminal.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IRunReporter CreateSpectreReporter() => new SpectreRunObserver();

    public static Dictionary<string, string> Params(string[]? pairs)
        => Runbooks.Core.Params.ParamSet.ParsePairs(pairs ?? []);

    public static RunMode Mode(bool dryRun) => dryRun ? RunMode.DryRun : RunMode.Execute;
}
