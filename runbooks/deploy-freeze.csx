// Freeze deployments while an incident is open, so nobody ships on top of a rollback (seeds 001, 002).
// Severity: P1
// Recovery: 1m
#load "lib/incident-log.csx"

var reason = Param("reason");
var freezeFile = Param("freeze-file", ".runbooks/deploy-freeze");
var logFile = Param("log", ".runbooks/incident.log");

var alreadyFrozen = await Step("Check for an existing freeze", () => File.Exists(freezeFile));
if (alreadyFrozen)
{
    Log($"Deployments are already frozen: {File.ReadAllText(freezeFile).Trim()}");
    return;
}

await Step("Freeze deployments", () =>
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(freezeFile))!);
    File.WriteAllText(freezeFile, $"frozen {DateTimeOffset.UtcNow:u}: {reason}{Environment.NewLine}");
    AppendIncidentLog(logFile, $"Deployments frozen: {reason}");
}, destructive: true);

await Step("Verify the freeze is in place", () =>
{
    if (!DryRun && !File.Exists(freezeFile)) Fail($"{freezeFile} was not written; deployments are NOT frozen.");
});
