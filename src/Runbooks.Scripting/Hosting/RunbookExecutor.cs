using System.Diagnostics;
using System.Text.RegularExpressions;
using Runbooks.Core.Errors;
using Runbooks.Core.Journal;
using Runbooks.Core.Params;
using Runbooks.Core.Runs;
using Runbooks.Core.Secrets;
using Runbooks.Core.Timing;
using Runbooks.Providers;
using Runbooks.Scripting.Globals;

namespace Runbooks.Scripting.Hosting;

/// <summary>
/// Runs a runbook from request to exit code: resolve, prepare (cache or compile), check required params, open the
/// journal, run the script, and turn whatever ended it into the documented exit code and one redacted sentence.
/// The CLI's <c>exec</c> and <c>plan</c> and the drill harness all come through here.
/// </summary>
public sealed partial class RunbookExecutor(RunbookHost host, SecretRedactor redactor, IRunObserver observer,
    IConfirmation confirmation, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Runs <paramref name="request"/>; never throws for anything the user can cause.</summary>
    public async Task<ExecOutcome> ExecuteAsync(ExecRequest request, CancellationToken cancellation = default)
    {
        var started = _time.GetTimestamp();
        // The shell's secrets are masked even when the run cannot read them (a drill): a runbook could still print one.
        redactor.AddFromEnvironment();
        if (request.Variables.IsSealed) redactor.AddFromEnvironment(request.Variables);
        string? runbookPath = null;
        PreparedRunbook? prepared = null;
        RunbookRun? run = null;
        ResumeState? resume = null;
        try
        {
            resume = request.ResumeJournal is { } j ? JournalReader.Read(Path.GetFullPath(j, request.WorkingDirectory)) : null;
            var parameters = new ParamSet(resume?.Params, request.Variables.Get).With(request.Params);
            runbookPath = RunbookLocator.Resolve(resume?.RunbookPath ?? request.Runbook
                ?? throw new BadInputException("No runbook given: exec <runbook> or exec --resume <journal>."), request.WorkingDirectory);
            prepared = host.Prepare(runbookPath);
            if (request.Mode != RunMode.Plan)
                parameters.EnsurePresent(prepared.RequiredParams, RunbookLocator.Display(runbookPath, request.WorkingDirectory));

            var journal = request.Mode == RunMode.Plan ? null : new JournalWriter(
                resume?.JournalPath ?? Path.GetFullPath(request.JournalPath
                    ?? JournalWriter.DefaultPath(request.WorkingDirectory, runbookPath, _time.GetUtcNow()), request.WorkingDirectory),
                redactor, _time);
            // One clock for the steps and the provider clients: a drill reads back every wait the run took from it.
            var clock = request.Clock ?? RunClock.RealTime(_time);
            var settings = new RunSettings
            {
                Mode = request.Mode, AssumeYes = request.AssumeYes, CancellationGrace = request.CancellationGrace, Clock = clock,
            };
            run = new RunbookRun(settings, redactor, journal, observer, confirmation, _time, resume, cancellation);
            var providers = new ProviderContext(new SecretStore(redactor, request.Variables), run, request.EnvironmentName,
                ConfigDirectoryFor(runbookPath, request.WorkingDirectory), _time, cancellation, request.Endpoints, clock);
            // Slack and the status page, built at the first Incident.Notify: a run that never notifies needs neither configured.
            var channels = new Lazy<IReadOnlyList<Core.Incidents.IIncidentChannel>>(() => Providers.Notify.IncidentChannels.FromContext(providers));
            run.Incident.UseChannels(() => channels.Value);
            if (request.Mode != RunMode.Execute) run.Incident.Silence(request.Mode == RunMode.Plan ? "plan" : "dry run");
            var globals = new RunbookGlobals(run, parameters, providers, runbookPath, request.Estate) { Host = host };

            run.Start(runbookPath, parameters.Given);
            redactor.OnWarning(run.Log);
            await RunbookHost.RunAsync(prepared, globals, run).ConfigureAwait(false);
            return Finish(ExitCodes.Success, null, null);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return Finish(ExitCodes.Cancelled, "Cancelled: the run was interrupted (Ctrl-C or SIGTERM); the journal records where it stopped.", null);
        }
        catch (RunbookException e)
        {
            return Finish(e.ExitCode, redactor.Redact(e.Message + Location(e.InnerException)), e);
        }
        catch (Exception e)
        {
            // The script threw outside any step: name the line of the user's file it came from.
            return Finish(ExitCodes.Failed, redactor.Redact($"The runbook threw {e.GetType().Name}: {e.Message}{Location(e)}"), e);
        }

        ExecOutcome Finish(int exitCode, string? error, Exception? exception)
        {
            run?.End(exitCode, error);
            run?.Dispose();
            return new ExecOutcome(exitCode, error, runbookPath, run?.JournalPath, run?.Steps ?? [], _time.GetElapsedTime(started),
                prepared?.FromCache ?? false, resume?.JournalPath, exception is null ? null : redactor.Redact(exception.ToString()));
        }
    }

    /// <summary>" (at file.csx:12)" for the first frame of an exception that lies in a runbook, or "".</summary>
    private static string Location(Exception? e)
    {
        if (e is null || e is RunbookException { InnerException: null }) return "";
        var frames = new StackTrace(e, fNeedFileInfo: true).GetFrames();
        foreach (var frame in frames)
        {
            var file = frame.GetFileName();
            if (file is not null && file.EndsWith(".csx", StringComparison.OrdinalIgnoreCase))
                return $" (at {RunbookLocator.Display(file)}:{frame.GetFileLineNumber()})";
        }
        // Async frames can lose file info; the text of the trace still has it.
        var m = CsxFrame().Match(e.StackTrace ?? "");
        return m.Success ? $" (at {RunbookLocator.Display(m.Groups[1].Value)}:{m.Groups[2].Value})" : "";
    }

    [GeneratedRegex(@" in (.+?\.csx):line (\d+)")]
    private static partial Regex CsxFrame();

    /// <summary>The <c>.config</c> folder for a run: the working directory's, else the nearest one above the runbook.</summary>
    public static string? ConfigDirectoryFor(string runbookPath, string workingDirectory)
    {
        var local = Path.Combine(workingDirectory, ".config");
        if (Directory.Exists(local)) return local;
        for (var dir = Path.GetDirectoryName(runbookPath); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, ".config");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
