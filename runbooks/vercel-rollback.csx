// Stop background processing and roll the Vercel app back to its previous production deployment (seed 004, Type 2).
// Severity: P0
// Recovery: 2m
var project = Param("project");               // e.g. churn-saver
var url = Param("url");                       // e.g. https://churn-saver.vercel.app
var deployment = Param("deployment", "");     // empty: the previous ready production deployment
Incident.Severity = "P0";

await Step("Stop non-critical processing", async ct =>
{
    await Vercel.SetEnv(project, "PROCESSING_ENABLED", "false", comment: "incident: rollback in progress", cancellation: ct);
    await Vercel.SetEnv(project, "SCHEDULER_ENABLED", "false", comment: "incident: rollback in progress", cancellation: ct);
    // Vercel applies env changes to new deployments only; the rolled-back deployment keeps its own values.
    Log("Kill switches set for the next deployment; the rollback target runs with the env it was built with.");
}, destructive: true);

await Step("Identify previous stable deployment", async ct =>
{
    var deployments = await Vercel.Deployments(project, ct);
    foreach (var d in deployments.Take(3)) Log($"{d.Uid}  {d.State}  {DateTimeOffset.FromUnixTimeMilliseconds(d.Created):u}  {d.Url}");
});

await Step("Roll back the application", ct =>
    Vercel.Rollback(project, deployment.Length > 0 ? deployment : null, cancellation: ct), destructive: true);

await Step("Verify application health", async ct =>
{
    await Http.WaitUntilHealthy(url + (Estate.VercelProjects.FirstOrDefault(p => p.Name == project || p.Id == project)?.Health ?? "/api/health"), TimeSpan.FromSeconds(60), ct);
    await Http.Verify($"{url}/api/health/db", ct);
    await Http.Verify($"{url}/api/health/webhooks", ct);
});

await Incident.Notify($"{project} is rolled back on Vercel; watching it.", IncidentStatus.Monitoring);
