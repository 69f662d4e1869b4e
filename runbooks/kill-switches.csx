// Turn the processing and scheduler kill switches off (or back on) with Vercel env vars, and redeploy production so the app runs with them (seed 004, "Stop processing").
// Severity: P1
// Recovery: 15m
var project = Param("project");               // e.g. churn-saver
var url = Param("url");                       // e.g. https://churn-saver.vercel.app
var state = Param("state", "off");            // off: stop processing; on: start it again
var switches = Param("switches", "PROCESSING_ENABLED,SCHEDULER_ENABLED").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
Incident.Severity = "P1";
var value = state switch { "off" => "false", "on" => "true", _ => throw new ArgumentException($"state must be off or on, not '{state}'.") };
var health = Estate.VercelProjects.FirstOrDefault(p => p.Name == project || p.Id == project)?.Health ?? "/api/health";

// The seed's `vercel env set PROCESSING_ENABLED false`, once per switch.
await Step($"Set {string.Join(", ", switches)} to {value}", async ct =>
{
    foreach (var key in switches)
        await Vercel.SetEnv(project, key, value, comment: $"kill switch {state} (incident)", cancellation: ct);
}, destructive: true);

// What the seed leaves out: an env change reaches only new deployments, so the running app keeps the old value until a build.
await Step("Redeploy production so the switches take effect", ct => Vercel.RedeployProduction(project, cancellation: ct), destructive: true);

await Step("Verify the app runs with the switches", async ct =>
{
    await Http.WaitUntilHealthy(url + health, TimeSpan.FromMinutes(2), ct);
    var body = await Http.Body(url + health, ct);
    foreach (var key in switches)
        Log(body.Contains($"\"{key}\":\"{value}\"") ? $"{key} is {value} in the running app."
            : body.Contains($"\"{key}\"") ? throw new InvalidOperationException($"The app still reports {key} other than {value} after the redeploy.")
            : $"The app does not report {key}; check it by hand.");
});

await Incident.Notify("The kill switches are set and the redeploy is live; watching it.", IncidentStatus.Monitoring);
