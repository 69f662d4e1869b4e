using System.Text.Json;
using Runbooks.Core.Incidents;
using Runbooks.Core.Journal;
using Runbooks.Core.Secrets;
using Runbooks.Core.Steps;

namespace Runbooks.Core.Runs;

/// <summary>
/// One run of a runbook: executes its steps in order with their options, journals every event, redacts secrets,
/// honours dry-run, plan, confirmation and resume. The script host calls it; it knows nothing of Roslyn.
/// </summary>
public sealed class RunbookRun : IRunLog, IDisposable
{
    private readonly JournalWriter? _journal;
    private readonly IRunObserver _observer;
    private readonly IConfirmation _confirmation;
    private readonly ResumeState? _resume;
    private readonly StepBodyRunner _bodies;
    private readonly List<StepResult> _steps = [];
    private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);
    private readonly AsyncLocal<string?> _currentStep = new();
    private readonly AsyncLocal<string?> _procedure = new();
    private readonly long _startTimestamp;

    /// <summary>Creates a run. <paramref name="journal"/> is null for <c>plan</c>, which leaves no record.</summary>
    public RunbookRun(RunSettings settings, SecretRedactor redactor, JournalWriter? journal, IRunObserver observer,
        IConfirmation confirmation, TimeProvider? time = null, ResumeState? resume = null, CancellationToken cancellation = default)
    {
        Settings = settings;
        Redactor = redactor;
        _journal = journal;
        _observer = observer;
        _confirmation = confirmation;
        Time = time ?? TimeProvider.System;
        _resume = resume;
        Cancellation = cancellation;
        _bodies = new StepBodyRunner(settings.Clock, settings.CancellationGrace);
        _startTimestamp = Time.GetTimestamp();
        Incident = new Incident(Time, note =>
            _journal?.Write(JournalEvents.Incident, ("kind", note.Kind), ("text", note.Text),
                ("severity", Incident?.Severity), ("incidentMs", (long)note.SinceStart.TotalMilliseconds)));
    }

    /// <summary>How this run was started.</summary>
    public RunSettings Settings { get; }

    /// <summary>Masks every secret of the run.</summary>
    public SecretRedactor Redactor { get; }

    /// <summary>The run's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Cancelled on Ctrl-C or SIGTERM.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>The incident this run responds to.</summary>
    public Incident Incident { get; }

    /// <summary>Every step so far, in order.</summary>
    public IReadOnlyList<StepResult> Steps => _steps;

    /// <summary>The journal file, when there is one.</summary>
    public string? JournalPath => _journal?.Path;

    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed => Time.GetElapsedTime(_startTimestamp);

    /// <summary>Journals the start of the run: what <c>exec --resume</c> needs to run it again.</summary>
    public void Start(string runbookPath, IReadOnlyDictionary<string, string> parameters)
    {
        if (_resume is not null)
            _journal?.Write(JournalEvents.RunResume, ("runbook", runbookPath), ("params", parameters),
                ("completedSteps", _resume.Completed.Count));
        else
            _journal?.Write(JournalEvents.RunStart, ("runbook", runbookPath), ("params", parameters),
                ("mode", Settings.Mode.ToString().ToLowerInvariant()), ("host", Environment.MachineName),
                ("pid", Environment.ProcessId));
    }

    /// <summary>Journals the end of the run.</summary>
    public void End(int exitCode, string? error)
        => _journal?.Write(JournalEvents.RunEnd, ("outcome", OutcomeFor(exitCode)), ("exitCode", exitCode),
            ("ms", (long)Elapsed.TotalMilliseconds), ("error", error));

    private static string OutcomeFor(int exitCode) => exitCode switch
    {
        0 => "ok",
        130 => "cancelled",
        _ => "failed",
    };

    /// <summary>The sub-procedure running now, as a path (<c>full-emergency-rollback</c> runs <c>worker-rollback</c>: <c>worker-rollback</c>); null in the runbook itself.</summary>
    public string? Procedure => _procedure.Value;

    /// <summary>
    /// Runs <paramref name="body"/> (another runbook) as the sub-procedure <paramref name="name"/> of this run: its steps
    /// nest under it in the journal and on the console (<c>name/step</c>), so a composed procedure reads as the runbooks
    /// it is made of, and resume finds each of their steps again.
    /// </summary>
    public async Task ProcedureAsync(string name, IReadOnlyDictionary<string, string> parameters, Func<Task> body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var parent = _procedure.Value;
        var path = parent is null ? name : $"{parent}/{name}";
        _journal?.Write(JournalEvents.ProcedureStart, ("procedure", path), ("params", parameters));
        _observer.Logged($"--- {path} ---");
        var started = Time.GetTimestamp();
        var outcome = "failed";
        _procedure.Value = path;
        try
        {
            await body().ConfigureAwait(false);
            outcome = "ok";
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            _procedure.Value = parent;
            _journal?.Write(JournalEvents.ProcedureEnd, ("procedure", path), ("outcome", outcome), ("ms", (long)Time.GetElapsedTime(started).TotalMilliseconds));
        }
    }

    /// <inheritdoc />
    public void Log(string message)
    {
        var line = Redactor.Redact(message);
        _journal?.Write(JournalEvents.Log, ("step", _currentStep.Value), ("message", line));
        _observer.Logged(line);
    }

    /// <summary>
    /// Runs one step. Returns the body's result, or <c>default</c> when the step did not run (plan, dry run, or a
    /// failure with <see cref="StepOptions.ContinueOnError"/>). Throws <see cref="StepFailedException"/>,
    /// <see cref="ConfirmationRequiredException"/>, <see cref="StepDeclinedException"/> or
    /// <see cref="OperationCanceledException"/>, which end the runbook.
    /// </summary>
    public async Task<T?> StepAsync<T>(string name, Func<CancellationToken, Task<T>> body, StepOptions options, bool hasResult)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_procedure.Value is { } procedure) name = $"{procedure}/{name}";
        // Redacted before it is used anywhere (console, journal, JSON, resume matching): a name that quoted a secret is
        // journaled masked, so it must be matched masked on resume too.
        name = Redactor.Redact(name);
        options.Validate(name);
        Cancellation.ThrowIfCancellationRequested();
        var index = _steps.Count + 1;
        var occurrence = _occurrences[name] = _occurrences.GetValueOrDefault(name) + 1;

        if (_resume?.Find(name, occurrence) is { } done)
        {
            if (!hasResult)
                return Skip<T>(name, index, occurrence, options, $"completed in {Path.GetFileName(_resume.JournalPath)}");
            if (TryRestore<T>(done.ResultJson, out var restored, out var why))
            {
                Skip<T>(name, index, occurrence, options, $"completed in {Path.GetFileName(_resume.JournalPath)}; result restored");
                return restored;
            }
            Log($"Step '{name}' completed before, but runs again: {why}.");
        }

        switch (Settings.Mode)
        {
            case RunMode.Plan:
                return Skip<T>(name, index, occurrence, options, options.Destructive ? "plan: destructive" : "plan");
            case RunMode.DryRun when options.Destructive:
                return Skip<T>(name, index, occurrence, options, "dry run: destructive step would run");
        }

        if (options.Destructive && !Settings.AssumeYes)
        {
            if (!_confirmation.CanAsk)
            {
                Skip<T>(name, index, occurrence, options, "destructive: not confirmed (no terminal, no --yes)");
                throw new ConfirmationRequiredException(name);
            }
            if (!_confirmation.Confirm($"Step '{name}' is destructive. Run it?"))
            {
                Skip<T>(name, index, occurrence, options, "destructive: declined by the operator");
                throw new StepDeclinedException(name);
            }
        }

        _journal?.Write(JournalEvents.StepStart, ("step", name), ("index", index), ("occurrence", occurrence),
            ("destructive", options.Destructive ? true : null));
        _observer.StepStarted(name, index, options.Destructive);
        var started = Time.GetTimestamp();
        var attempts = new StrongBox<int>(0);
        var previousStep = _currentStep.Value;
        _currentStep.Value = name;
        try
        {
            var result = await _bodies.RunAsync(name, body, options, Log, attempts, Cancellation).ConfigureAwait(false);
            var (json, note) = hasResult ? Serialize(result) : (null, null);
            Finish(new StepResult(name, index, StepOutcome.Ok, Time.GetElapsedTime(started), options.Destructive, Attempts: attempts.Value)
                { StartTimestamp = started }, occurrence, json, note);
            return result;
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            Finish(new StepResult(name, index, StepOutcome.Cancelled, Time.GetElapsedTime(started), options.Destructive,
                Reason: "run cancelled (Ctrl-C or SIGTERM)", Attempts: attempts.Value) { StartTimestamp = started }, occurrence);
            throw;
        }
        catch (Exception e)
        {
            var message = Redactor.Redact(e.Message);
            Finish(new StepResult(name, index, StepOutcome.Failed, Time.GetElapsedTime(started), options.Destructive,
                Error: message, Attempts: attempts.Value) { StartTimestamp = started }, occurrence);
            if (options.ContinueOnError)
            {
                Log($"Step '{name}' failed; continuing as the runbook asks (continueOnError).");
                return default;
            }
            throw new StepFailedException(name, message, e);
        }
        finally
        {
            _currentStep.Value = previousStep;
        }
    }

    private T? Skip<T>(string name, int index, int occurrence, StepOptions options, string reason)
    {
        Finish(new StepResult(name, index, StepOutcome.Skipped, TimeSpan.Zero, options.Destructive, Reason: reason, Attempts: 0), occurrence);
        return default;
    }

    private void Finish(StepResult result, int occurrence, string? resultJson = null, string? resultNote = null)
    {
        lock (_steps) _steps.Add(result);
        _journal?.Write(JournalEvents.StepEnd, ("step", result.Name), ("index", result.Index), ("occurrence", occurrence),
            ("outcome", result.Outcome.ToJournalName()), ("ms", (long)result.Elapsed.TotalMilliseconds),
            ("attempts", result.Attempts > 1 ? result.Attempts : null), ("error", result.Error), ("reason", result.Reason),
            ("result", resultJson is null ? null : new JournalWriter.RawJson(resultJson)), ("resultNote", resultNote));
        _observer.StepEnded(result);
    }

    private (string? Json, string? Note) Serialize<T>(T value)
    {
        string json;
        try { json = JsonSerializer.Serialize(value); }
        catch (Exception e) { return (null, $"not journaled: cannot be serialized as JSON ({e.GetType().Name}); the step runs again on resume"); }
        return Redactor.ContainsSecret(json)
            ? (null, "not journaled: it holds a secret; the step runs again on resume")
            : (json, null);
    }

    private static bool TryRestore<T>(string? json, out T? value, out string why)
    {
        value = default;
        if (json is null) { why = "its result was not journaled"; return false; }
        try
        {
            value = JsonSerializer.Deserialize<T>(json);
            why = "";
            return true;
        }
        catch (Exception e)
        {
            why = $"its journaled result cannot be read back as {typeof(T).Name} ({e.GetType().Name})";
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _journal?.Dispose();
}
