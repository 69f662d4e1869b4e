namespace Runbooks.Drills.Measurement;

/// <summary>One message people got during a drill, placed on the projected timeline.</summary>
/// <param name="Channel"><c>Slack</c> or <c>status page</c>.</param>
/// <param name="Status">The status it announced, for a status page update.</param>
/// <param name="Text">What it said.</param>
/// <param name="SinceFault">Projected real-world time from the fault (simulated: the simulator received it; measured on the drill clock).</param>
public sealed record CommunicationPoint(string Channel, string? Status, string Text, TimeSpan SinceFault);
