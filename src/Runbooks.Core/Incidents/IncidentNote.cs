namespace Runbooks.Core.Incidents;

/// <summary>One entry of the incident timeline.</summary>
/// <param name="At">Wall-clock time.</param>
/// <param name="SinceStart">Time on the incident timer.</param>
/// <param name="Kind">declared, severity, note, notified, or notify-failed.</param>
/// <param name="Text">What happened.</param>
public sealed record IncidentNote(DateTimeOffset At, TimeSpan SinceStart, string Kind, string Text);
