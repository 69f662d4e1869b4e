namespace Runbooks.Core.Incidents;

/// <summary>
/// The incident a runbook responds to: its severity (which selects the RTO budget), the incident timer and the
/// timeline. Every change is journaled.
/// </summary>
public sealed class Incident
{
    private static readonly string[] Severities = ["P0", "P1", "P2", "P3"];
    private readonly TimeProvider _time;
    private readonly Action<IncidentNote> _record;
    private readonly List<IncidentNote> _timeline = [];
    private long _startTimestamp;
    private string? _severity;
    private Func<IReadOnlyList<IIncidentChannel>> _channels = static () => [];
    private string? _silenced;

    /// <summary>Creates an incident whose timer starts now; <paramref name="record"/> receives every timeline entry.</summary>
    public Incident(TimeProvider time, Action<IncidentNote> record)
    {
        _time = time;
        _record = record;
        StartedAt = time.GetUtcNow();
        _startTimestamp = time.GetTimestamp();
    }

    /// <summary>P0 (service down) to P3 (minor); selects the RTO budget. Null until set.</summary>
    public string? Severity
    {
        get => _severity;
        set
        {
            var v = value?.Trim().ToUpperInvariant();
            if (v is not null && !Severities.Contains(v))
                throw new ArgumentException($"Severity must be one of {string.Join(", ", Severities)}, not '{value}'.");
            _severity = v;
            Add("severity", $"Severity set to {v}");
        }
    }

    /// <summary>When the incident timer started (run start, or the last <see cref="Declare"/>).</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Time on the incident timer.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_startTimestamp);

    /// <summary>Whether <see cref="Declare"/> was called.</summary>
    public bool IsDeclared { get; private set; }

    /// <summary>The summary given to <see cref="Declare"/>.</summary>
    public string? Summary { get; private set; }

    /// <summary>Everything recorded so far, in order.</summary>
    public IReadOnlyList<IncidentNote> Timeline => _timeline;

    /// <summary>Declares the incident: (re)starts the incident timer and records the summary (the seeds' "INCIDENT: ..." line).</summary>
    public void Declare(string summary, string? severity = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        StartedAt = _time.GetUtcNow();
        _startTimestamp = _time.GetTimestamp();
        IsDeclared = true;
        Summary = summary;
        Add("declared", $"INCIDENT: {summary}");
        if (severity is not null) Severity = severity;
    }

    /// <summary>Adds a note to the timeline.</summary>
    public void Note(string text) => Add("note", text);

    /// <summary>Where <see cref="Notify"/> posts (Slack, the status page); read at the first notification. Set by the host.</summary>
    public void UseChannels(Func<IReadOnlyList<IIncidentChannel>> channels) => _channels = channels;

    /// <summary>Records notifications without sending them, saying why (a dry run or a plan tells nobody).</summary>
    public void Silence(string reason) => _silenced = reason;

    /// <summary>
    /// Tells people: posts <paramref name="message"/> with <paramref name="status"/> to every channel the run has (a Slack
    /// incoming webhook, a Statuspage incident: created by the first call, updated by the next), and records each on the
    /// timeline. A channel that fails is recorded and the runbook goes on: a rollback does not wait on a chat message.
    /// </summary>
    public async Task Notify(string message, IncidentStatus status = IncidentStatus.Investigating, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        if (_silenced is not null)
        {
            Add("notified", $"{status.ToApiName()}: {message} (not sent: {_silenced})");
            return;
        }
        var channels = _channels();
        if (channels.Count == 0)
        {
            Add("notified", $"{status.ToApiName()}: {message} (no channel is configured: SLACK_WEBHOOK_URL, STATUSPAGE_API_KEY)");
            return;
        }
        var update = new IncidentUpdate(status, message, _severity, Summary, Elapsed);
        foreach (var channel in channels)
        {
            try
            {
                var said = await channel.PostAsync(update, cancellation).ConfigureAwait(false);
                Add("notified", $"{channel.Name} said {status.ToApiName()}: {said}");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                Add("notify-failed", $"{channel.Name} was not told ({status.ToApiName()}): {e.Message}");
            }
        }
    }

    private void Add(string kind, string text)
    {
        var note = new IncidentNote(_time.GetUtcNow(), Elapsed, kind, text);
        lock (_timeline) _timeline.Add(note);
        _record(note);
    }
}
