using System.Globalization;
using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>
/// The simulated Vercel API's routes (V-1..V-16): deployments, redeploy, projects, instant rollback and promote with
/// their alias jobs, env vars and aliases, at any <c>/vN/</c> the CLI or SDK uses, plus the CLI's <c>/now/</c> paths.
/// </summary>
internal sealed class VercelRoutes(SimulatedEstate model)
{
    private string Team => model.Estate.VercelTeamId ?? "team_runbookssim";

    public void MapInto(RouteTable t)
    {
        t.Map("GET", "/v*/user", (r, v) => Ok(new JsonObject
            {
                ["user"] = new JsonObject
                {
                    ["id"] = "usr_runbookssim0001", ["uid"] = "usr_runbookssim0001", ["username"] = "runbooks-sim", ["email"] = "runbooks-sim@example.com",
                    ["name"] = "Runbooks simulator", ["defaultTeamId"] = Team, ["version"] = "northstar", ["billing"] = null,
                },
            }))
            .Map("GET", "/v*/teams", (r, v) => Ok(new JsonObject { ["teams"] = new JsonArray(TeamJson()), ["pagination"] = new JsonObject { ["count"] = 1, ["next"] = null, ["prev"] = null } }))
            .Map("GET", "/v*/teams/{team}", (r, v) => TeamOf(v))
            .Map("GET", "/teams/{team}", (r, v) => TeamOf(v))
            .Map("GET", "/v*/deployments", ListDeployments)
            .Map("POST", "/v*/deployments", Redeploy)
            .Map("GET", "/v*/deployments/{deployment}", (r, v) =>
            {
                var (p, d) = DeploymentOf(r, v["deployment"]);
                return Ok(VercelJsonShapes.Deployment(p, d, Team, model.Now));
            })
            .Map("GET", "/v*/projects", (r, v) => { Scope(r); return Ok(new JsonObject
            {
                ["projects"] = new JsonArray([.. model.VercelProjects.Select(p => (JsonNode)VercelJsonShapes.Project(p, Team, model.Now))]),
                ["pagination"] = new JsonObject { ["count"] = model.VercelProjects.Count, ["next"] = null, ["prev"] = null },
            }); })
            .Map("GET", "/v*/projects/{project}", (r, v) => Ok(VercelJsonShapes.Project(ProjectOf(r, v), Team, model.Now)))
            .Map("POST", "/v*/projects/{project}/rollback/{deployment}", (r, v) => { ProjectOf(r, v).RequestAlias(v["deployment"], "rollback"); return ApiAnswer.Empty(201); })
            .Map("POST", "/v*/projects/{project}/promote/{deployment}", (r, v) => { ProjectOf(r, v).RequestAlias(v["deployment"], "promote"); return ApiAnswer.Empty(201); })
            .Map("GET", "/v*/projects/{project}/rollback/aliases", RollbackAliases)
            .Map("GET", "/v*/projects/{project}/promote/aliases", RollbackAliases)
            .Map("GET", "/v*/projects/{project}/env", (r, v) => Ok(new JsonObject
            {
                ["envs"] = new JsonArray([.. ProjectOf(r, v).Env.Select(e => (JsonNode)VercelJsonShapes.Env(e, r.QueryFlag("decrypt")))]),
                ["pagination"] = new JsonObject { ["count"] = ProjectOf(r, v).Env.Count, ["next"] = null, ["prev"] = null },
            }))
            .Map("GET", "/v*/projects/{project}/env/{env}", (r, v) => Ok(VercelJsonShapes.Env(
                ProjectOf(r, v).Env.FirstOrDefault(e => e.Id == v["env"]) ?? throw ProviderRefusal.NotFound("environment variable", v["env"]), decrypt: true)))
            .Map("POST", "/v*/projects/{project}/env", CreateEnv)
            .Map("PATCH", "/v*/projects/{project}/env/{env}", EditEnv)
            .Map("DELETE", "/v*/projects/{project}/env/{env}", (r, v) => Ok(VercelJsonShapes.Env(ProjectOf(r, v).RemoveEnv(v["env"]), decrypt: false)));
        foreach (var prefix in new[] { "/v*", "/now" })
        {
            t.Map("GET", prefix + "/aliases", ListAliases)
                .Map("GET", prefix + "/deployments/{deployment}/aliases", (r, v) =>
                {
                    var (p, d) = DeploymentOf(r, v["deployment"]);
                    return Ok(new JsonObject { ["aliases"] = new JsonArray([.. p.Aliases.Where(a => a.DeploymentId == d.Id).Select(a => (JsonNode)VercelJsonShapes.Alias(p, a))]) });
                })
                .Map("POST", prefix + "/deployments/{deployment}/aliases", AssignAlias)
                .Map("DELETE", prefix + "/aliases/{alias}", (r, v) =>
                {
                    Scope(r);
                    foreach (var p in model.VercelProjects)
                        if (p.Aliases.Any(a => a.Uid == v["alias"] || a.Alias == v["alias"])) { p.RemoveAlias(v["alias"]); return Ok(new JsonObject { ["status"] = "SUCCESS" }); }
                    throw ProviderRefusal.NotFound("alias", v["alias"]);
                });
        }
    }

    private static ApiAnswer Ok(JsonNode body, int status = 200) => ApiAnswer.Json(status, body);

    private JsonObject TeamJson() => new() { ["id"] = Team, ["slug"] = "runbooks-sim", ["name"] = "Runbooks drill", ["membership"] = new JsonObject { ["role"] = "OWNER" } };

    private ApiAnswer TeamOf(RouteValues v) => v["team"] == Team || v["team"] == "runbooks-sim" ? Ok(TeamJson())
        : throw new ProviderRefusal(404, "not_found", "Team not found");

    // Another team's id is refused. No team at all is let through: the CLI, linked to a project, reads a deployment
    // without ?teamId= (tests/fidelity/CLIENTS.md 3.5) and the token's default team is this one.
    private void Scope(ApiRequest r)
    {
        var given = r.QueryValue("teamId") ?? r.QueryValue("slug");
        if (given is not null && given != Team && given != "runbooks-sim")
            throw new ProviderRefusal(403, "team_unauthorized", "You are not authorized to access this team.");
    }

    private SimulatedVercelProject ProjectOf(ApiRequest r, RouteValues v)
    {
        Scope(r);
        return model.VercelProject(v["project"]) ?? throw ProviderRefusal.NotFound("project", v["project"]);
    }

    private (SimulatedVercelProject, VercelDeployment) DeploymentOf(ApiRequest r, string idOrUrl)
    {
        Scope(r);
        foreach (var p in model.VercelProjects)
            if (p.Deployment(idOrUrl) is { } d) return (p, d);
        throw ProviderRefusal.NotFound("deployment", idOrUrl);
    }

    private ApiAnswer ListDeployments(ApiRequest r, RouteValues v)
    {
        Scope(r);
        var now = model.Now;
        var projectKey = r.QueryValue("projectId") ?? r.QueryValue("app");
        var states = r.QueryValue("state")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var limit = int.TryParse(r.QueryValue("limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 100) : 20;
        long? until = long.TryParse(r.QueryValue("until"), NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : null;
        var all = model.VercelProjects.Where(p => projectKey is null || p.Id == projectKey || p.Name == projectKey)
            .SelectMany(p => p.Deployments.Select(d => (p, d)))
            .Where(x => r.QueryValue("target") is not { } target || x.d.Target == target)
            .Where(x => states is null || states.Contains(x.d.ReadyState(now)))
            .Where(x => until is null || VercelJsonShapes.Ms(x.d.CreatedAt) < until)
            .OrderByDescending(x => x.d.CreatedAt).ToList();
        var page = all.Take(limit).ToList();
        return Ok(new JsonObject
        {
            ["deployments"] = new JsonArray([.. page.Select(x => (JsonNode)VercelJsonShapes.ListItem(x.p, x.d, now))]),
            ["pagination"] = new JsonObject
            {
                ["count"] = page.Count, ["next"] = all.Count > page.Count ? VercelJsonShapes.Ms(page[^1].d.CreatedAt) : null, ["prev"] = null,
            },
        });
    }

    private ApiAnswer Redeploy(ApiRequest r, RouteValues v)
    {
        Scope(r);
        var body = r.JsonObject();
        var source = (string?)body["deploymentId"]
            ?? throw new ProviderRefusal(400, "missing_files", "The simulator only builds redeployments: send deploymentId (vercel redeploy, promote).");
        var (project, _) = DeploymentOf(r, source);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["meta"] is JsonObject given) foreach (var (k, value) in given) if ((string?)value is { } text) meta[k] = text;
        var created = project.Redeploy(source, (string?)body["target"], meta);
        return Ok(VercelJsonShapes.Deployment(project, created, Team, model.Now));
    }

    private ApiAnswer RollbackAliases(ApiRequest r, RouteValues v)
    {
        var project = ProjectOf(r, v);
        var now = model.Now;
        var aliases = new JsonArray();
        if (project.LastAliasRequest is { } job)
        {
            var status = job.JobStatus(now) switch { "succeeded" => "completed", var s => s };
            if (!r.QueryFlag("failedOnly") || status == "failed")
                aliases.Add(new JsonObject
                {
                    ["id"] = StableIds.Vercel("alias_", project.Name, job.ToDeploymentId), ["status"] = status,
                    ["alias"] = new JsonObject { ["alias"] = project.ProductionDomain, ["deploymentId"] = job.ToDeploymentId },
                });
        }
        return Ok(new JsonObject { ["aliases"] = aliases, ["pagination"] = new JsonObject { ["next"] = null } });
    }

    private ApiAnswer CreateEnv(ApiRequest r, RouteValues v)
    {
        var project = ProjectOf(r, v);
        var body = r.Json();
        var items = body is JsonArray many ? many.OfType<JsonObject>().ToList() : [body as JsonObject ?? throw new ProviderRefusal(400, "bad_request", "The body must be an env var or a list of them.")];
        var created = new List<JsonNode>();
        foreach (var e in items)
        {
            var key = (string?)e["key"] ?? throw new ProviderRefusal(400, "bad_request", "key is required.");
            var targets = (e["target"] as JsonArray)?.Select(x => (string?)x ?? "").ToList() ?? throw new ProviderRefusal(400, "bad_request", "target is required.");
            created.Add(VercelJsonShapes.Env(project.AddEnv(key, (string?)e["value"] ?? "", (string?)e["type"] ?? "encrypted", targets, (string?)e["comment"], r.QueryFlag("upsert")), decrypt: true));
        }
        return Ok(new JsonObject { ["created"] = body is JsonArray ? new JsonArray([.. created]) : created[0], ["failed"] = new JsonArray() }, 201);
    }

    private ApiAnswer EditEnv(ApiRequest r, RouteValues v)
    {
        var project = ProjectOf(r, v);
        var body = r.JsonObject();
        var targets = (body["target"] as JsonArray)?.Select(x => (string?)x ?? "").ToList();
                // The answer to a write echoes the value just written (never a sensitive one's).
        return Ok(VercelJsonShapes.Env(project.EditEnv(v["env"], (string?)body["key"], (string?)body["value"], (string?)body["type"], targets, (string?)body["comment"]), decrypt: true));
    }

    private ApiAnswer ListAliases(ApiRequest r, RouteValues v)
    {
        Scope(r);
        var projectKey = r.QueryValue("projectId");
        var list = model.VercelProjects.Where(p => projectKey is null || p.Id == projectKey || p.Name == projectKey)
            .SelectMany(p => p.Aliases.Select(a => (JsonNode)VercelJsonShapes.Alias(p, a))).ToList();
        return Ok(new JsonObject { ["aliases"] = new JsonArray([.. list]), ["pagination"] = new JsonObject { ["count"] = list.Count, ["next"] = null, ["prev"] = null } });
    }

    private ApiAnswer AssignAlias(ApiRequest r, RouteValues v)
    {
        var (project, deployment) = DeploymentOf(r, v["deployment"]);
        var alias = (string?)r.JsonObject()["alias"] ?? throw new ProviderRefusal(400, "invalid_alias", "alias is required.");
        var (assigned, old) = project.AssignAlias(deployment.Id, alias);
        var body = new JsonObject { ["uid"] = assigned.Uid, ["alias"] = assigned.Alias, ["created"] = assigned.Created.ToString("O") };
        if (old is not null && old != deployment.Id) body["oldDeploymentId"] = old;
        return Ok(body);
    }
}
