// Read-only status of everything the estate runs: what each service serves, how it answers, its recent error rate, and the database's migration state (seed 004, `emergency-rollback.sh --status-only`). Never changes anything.
// Severity: P1
var samplesText = Param("samples", "20");        // requests per service for the error rate
if (!int.TryParse(samplesText, out var samples) || samples <= 0)
    throw new Runbooks.Core.Errors.BadInputException($"param samples must be a whole number of requests above 0, not '{samplesText}'.");
Incident.Severity = "P1";

// One probe burst per service: the share of failed answers is the "recent error rate" a person reads first.
async Task<string> Answering(string? url, string path, CancellationToken ct)
{
    if (url is null) return "no url in the estate";
    var failed = 0;
    for (var i = 0; i < samples; i++)
        if (!(await Http.Check(url + path, ct)).Healthy) failed++;
    return $"{path}: {failed * 100 / samples}% of {samples} requests failed";
}

await Step("Workers: what serves and how it answers", async ct =>
{
    foreach (var w in Estate.Workers)
    {
        var serving = (await Cloudflare.Deployments(w.Name, ct)).FirstOrDefault();
        var versions = serving is null ? "no deployment" : string.Join(" + ", serving.Versions.Select(v => $"{v.VersionId} at {v.Percentage}%"));
        Log($"Worker {w.Name}: {versions} (deployed {serving?.CreatedOn:u}); {await Answering(w.Url, w.Health, ct)}");
    }
});

await Step("Pages projects: the production deployment", async ct =>
{
    foreach (var p in Estate.PagesProjects)
    {
        var current = (await Cloudflare.Api.ListPagesDeployments(p.Name, cancellation: ct)).FirstOrDefault();
        Log($"Pages {p.Name}: newest production deployment {current?.Id ?? "none"}; {await Answering(p.Url, p.Health, ct)}");
    }
});

await Step("Vercel projects: recent deployments", async ct =>
{
    foreach (var p in Estate.VercelProjects)
    {
        var recent = (await Vercel.Deployments(p.Name, ct)).Take(3).Select(d => $"{d.Uid} {d.State}");
        Log($"Vercel {p.Name}: {string.Join(", ", recent)}; {await Answering(p.Url, p.Health, ct)}");
    }
});

await Step("Database: migration state", async ct =>
{
    if (!HasSecret("DATABASE_URL")) { Log("No DATABASE_URL: the migration state is not checked."); return; }
    var status = await Db.Migrations.Status(ct);
    Log($"Migrations: at {status.Current?.ToString() ?? "none"}, last stable {status.LastStable?.ToString() ?? "none"}, {status.Pending.Count} pending.");
});
