namespace Runbooks.Core.Incidents;

/// <summary>One update about an incident, as every channel gets it.</summary>
/// <param name="Status">Where the response stands.</param>
/// <param name="Message">What people are told.</param>
/// <param name="Severity">P0..P3, when set.</param>
/// <param name="Summary">The incident's summary from <see cref="Incident.Declare"/>, when declared.</param>
/// <param name="SinceStart">Time on the incident timer.</param>
public sealed record IncidentUpdate(IncidentStatus Status, string Message, string? Severity, string? Summary, TimeSpan SinceStart);
