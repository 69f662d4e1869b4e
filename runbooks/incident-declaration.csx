// Declare an incident: notify, start the incident timer, open the incident log (seed 000, Step 1).
// Severity: P0
// Recovery: 30s
#load "lib/incident-log.csx"

var summary = Param("summary");
var logFile = Param("log", ".runbooks/incident.log");
Incident.Severity = Param("severity", "P0");

await Step("Declare the incident", () =>
{
    Incident.Declare(summary);
    AppendIncidentLog(logFile, $"INCIDENT ({Incident.Severity}): {summary}");
});

var startedAt = await Step("Start the incident timer", () =>
{
    AppendIncidentLog(logFile, $"Incident start time: {Incident.StartedAt:u}");
    return Incident.StartedAt;
});

// Seed 004, "Initial Incident Notification": Slack and the status page hear it first.
await Step("Notify", ct => Incident.Notify($"Production incident declared ({Incident.Severity}): {summary}. Investigation in progress.", IncidentStatus.Investigating, ct));

await Step("Record who is responding", () =>
{
    var responder = Param("responder", Environment.UserName);
    AppendIncidentLog(logFile, $"Responder: {responder}; timer started {startedAt:u}");
});

Log($"Incident declared {Incident.Elapsed.TotalSeconds:0.0} s ago; log at {logFile}");
