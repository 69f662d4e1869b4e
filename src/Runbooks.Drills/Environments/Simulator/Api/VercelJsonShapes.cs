using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>How Vercel's API shows deployments, projects, env vars and aliases (provider-apis.md V-1..V-10, -2.md V-11..V-16).</summary>
public static class VercelJsonShapes
{
    /// <summary>Milliseconds since the epoch, as Vercel's timestamps are.</summary>
    public static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    /// <summary>A deployment as V-2 (and V-11) return it.</summary>
    public static JsonObject Deployment(SimulatedVercelProject p, VercelDeployment d, string teamId, long now)
    {
        var state = d.ReadyState(now);
        var production = p.Production(now).Id == d.Id;
        var aliases = new JsonArray();
        if (production) aliases.Add(p.ProductionDomain);
        foreach (var a in p.Aliases.Where(a => a.DeploymentId == d.Id)) aliases.Add(a.Alias);
        var meta = new JsonObject();
        foreach (var (k, v) in d.Meta) meta[k] = v;
        return new JsonObject
        {
            ["id"] = d.Id, ["uid"] = d.Id, ["url"] = d.Url, ["name"] = p.Name, ["projectId"] = p.Id, ["ownerId"] = teamId,
            ["target"] = d.Target, ["readyState"] = state, ["status"] = state, ["state"] = state,
            ["createdAt"] = Ms(d.CreatedAt), ["created"] = Ms(d.CreatedAt), ["buildingAt"] = Ms(d.CreatedAt),
            ["ready"] = state == "READY" ? Ms(d.CreatedAt) + 1000 : null,
            ["aliasAssigned"] = state == "READY" && d.Target == "production", ["alias"] = aliases, ["aliasError"] = null,
            ["meta"] = meta, ["inspectorUrl"] = $"https://vercel.com/runbooks-sim/{p.Name}/{d.Id[4..]}",
            ["team"] = new JsonObject { ["id"] = teamId, ["name"] = "Runbooks drill", ["slug"] = "runbooks-sim" },
            ["creator"] = new JsonObject { ["uid"] = "usr_runbookssim0001", ["username"] = "runbooks-sim" },
            ["regions"] = new JsonArray("iad1"), ["version"] = 2, ["type"] = "LAMBDAS", ["source"] = "git",
            ["isRollbackCandidate"] = d.Target == "production" && state == "READY",
            ["build"] = new JsonObject { ["env"] = new JsonArray() }, ["plan"] = "pro", ["public"] = false, ["routes"] = null,
        };
    }

    /// <summary>A deployment as V-1 lists it.</summary>
    public static JsonObject ListItem(SimulatedVercelProject p, VercelDeployment d, long now)
    {
        var state = d.ReadyState(now);
        return new JsonObject
        {
            ["uid"] = d.Id, ["name"] = p.Name, ["projectId"] = p.Id, ["url"] = d.Url, ["created"] = Ms(d.CreatedAt), ["createdAt"] = Ms(d.CreatedAt),
            ["state"] = state, ["readyState"] = state, ["target"] = d.Target, ["ready"] = state == "READY" ? Ms(d.CreatedAt) + 1000 : null,
            ["isRollbackCandidate"] = d.Target == "production" && state == "READY",
            ["creator"] = new JsonObject { ["uid"] = "usr_runbookssim0001", ["username"] = "runbooks-sim" },
            ["meta"] = new JsonObject(), ["inspectorUrl"] = $"https://vercel.com/runbooks-sim/{p.Name}/{d.Id[4..]}",
        };
    }

    /// <summary>A project as V-3 returns it, with its production target and last alias request.</summary>
    public static JsonObject Project(SimulatedVercelProject p, string teamId, long now)
    {
        var production = p.Production(now);
        var target = new JsonObject
        {
            ["id"] = production.Id, ["url"] = production.Url, ["readyState"] = "READY", ["alias"] = new JsonArray(p.ProductionDomain),
            ["createdAt"] = Ms(production.CreatedAt), ["target"] = "production",
        };
        var o = new JsonObject
        {
            ["id"] = p.Id, ["name"] = p.Name, ["accountId"] = teamId, ["framework"] = "nextjs", ["nodeVersion"] = "20.x",
            ["createdAt"] = Ms(p.Deployments[0].CreatedAt), ["updatedAt"] = Ms(p.Deployments[^1].CreatedAt),
            ["targets"] = new JsonObject { ["production"] = target },
            ["latestDeployments"] = new JsonArray([.. p.Deployments.Reverse().Take(5).Select(d => (JsonNode)ListItem(p, d, now))]),
            ["alias"] = new JsonArray(new JsonObject { ["domain"] = p.ProductionDomain, ["target"] = "PRODUCTION" }),
            ["link"] = null, ["rollingRelease"] = null,
        };
        if (p.LastAliasRequest is { } job)
        {
            o["lastAliasRequest"] = new JsonObject
            {
                ["fromDeploymentId"] = job.FromDeploymentId, ["toDeploymentId"] = job.ToDeploymentId, ["jobStatus"] = job.JobStatus(now),
                ["requestedAt"] = Ms(job.RequestedAt), ["type"] = job.Type,
            };
            if (job.Type == "rollback") o["lastRollbackTarget"] = new JsonObject
            {
                ["fromDeploymentId"] = job.FromDeploymentId, ["toDeploymentId"] = job.ToDeploymentId, ["jobStatus"] = job.JobStatus(now), ["requestedAt"] = Ms(job.RequestedAt),
            };
        }
        return o;
    }

    /// <summary>An env var; its value only when <paramref name="decrypt"/> (and never a sensitive one's).</summary>
    public static JsonObject Env(VercelEnvVar e, bool decrypt) => new()
    {
        ["id"] = e.Id, ["key"] = e.Key, ["type"] = e.Type,
        ["value"] = e.Type == "sensitive" ? "" : decrypt || e.Type == "plain" ? e.Value : "eyJ2IjoiZW5jcnlwdGVkIn0" + StableIds.Hex(e.Id, e.Value)[..16],
        ["target"] = new JsonArray([.. e.Targets.Select(t => (JsonNode)t)]), ["comment"] = e.Comment, ["decrypted"] = decrypt && e.Type != "sensitive",
        ["createdAt"] = Ms(e.CreatedAt), ["updatedAt"] = Ms(e.UpdatedAt), ["configurationId"] = null,
    };

    /// <summary>An alias as V-12/V-13 list it.</summary>
    public static JsonObject Alias(SimulatedVercelProject p, VercelAlias a) => new()
    {
        ["uid"] = a.Uid, ["alias"] = a.Alias, ["deploymentId"] = a.DeploymentId, ["projectId"] = p.Id,
        ["created"] = a.Created.ToString("O"), ["createdAt"] = Ms(a.Created), ["updatedAt"] = Ms(a.Created),
    };

    /// <summary>Vercel's error body.</summary>
    public static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
}
