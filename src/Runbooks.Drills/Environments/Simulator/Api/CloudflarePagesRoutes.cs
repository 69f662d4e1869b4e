using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>The Pages part of the simulated Cloudflare API (CF-7, CF-8, CF-8b, CF-24).</summary>
internal sealed class CloudflarePagesRoutes(SimulatedEstate model)
{
    private const string Project = "/accounts/{account}/pages/projects/{project}";

    public void MapInto(RouteTable t) => t
        .Map("GET", "/accounts/{account}/pages/projects", (r, v) =>
        {
            Account(v);
            return CloudflareEnvelope.Page([.. model.PagesProjects.Select(p => (JsonNode)ProjectJson(p))], r);
        })
        .Map("GET", Project, (r, v) => CloudflareEnvelope.Ok(ProjectJson(Pages(v))))
        .Map("GET", Project + "/deployments", (r, v) =>
        {
            var project = Pages(v);
            var env = r.QueryValue("env");
            var list = project.Deployments.Reverse().Where(d => env is null || d.Environment == env).Select(d => (JsonNode)DeploymentJson(project, d)).ToList();
            return CloudflareEnvelope.Page(list, r, defaultPerPage: 25);
        })
        .Map("GET", Project + "/deployments/{deployment}", (r, v) =>
        {
            var project = Pages(v);
            return CloudflareEnvelope.Ok(DeploymentJson(project, project.Deployment(v["deployment"])
                ?? throw new ProviderRefusal(404, "8000007", "Could not find deployment. Please check the deployment ID and try again.")));
        })
        .Map("POST", Project + "/deployments/{deployment}/rollback", (r, v) =>
        {
            var project = Pages(v);
            return CloudflareEnvelope.Ok(DeploymentJson(project, project.Rollback(v["deployment"])));
        })
        .Map("POST", Project + "/deployments/{deployment}/retry", (r, v) =>
        {
            var project = Pages(v);
            return CloudflareEnvelope.Ok(DeploymentJson(project, project.Retry(v["deployment"])));
        });

    private void Account(RouteValues v) => CloudflareAccount.Require(model, v);

    private SimulatedPagesProject Pages(RouteValues v)
    {
        Account(v);
        return model.Pages(v["project"]) ?? throw new ProviderRefusal(404, "8000007", "Project not found. The specified project name does not match any of your existing projects.");
    }

    private static JsonObject ProjectJson(SimulatedPagesProject p) => new()
    {
        ["id"] = StableIds.Uuid("pages-project", p.Name), ["name"] = p.Name, ["subdomain"] = $"{p.Name}.pages.dev",
        ["domains"] = new JsonArray($"{p.Name}.pages.dev"), ["production_branch"] = "main",
        ["created_on"] = CloudflareEnvelope.Time(p.Deployments[0].CreatedOn),
        ["latest_deployment"] = DeploymentJson(p, p.Deployments[^1]),
        ["canonical_deployment"] = DeploymentJson(p, p.Canonical),
    };

    private static JsonObject DeploymentJson(SimulatedPagesProject p, PagesDeployment d)
    {
        var at = CloudflareEnvelope.Time(d.CreatedOn);
        var stage = new JsonObject { ["name"] = "deploy", ["status"] = "success", ["started_on"] = at, ["ended_on"] = at };
        return new JsonObject
        {
            ["id"] = d.Id, ["short_id"] = d.ShortId, ["project_id"] = StableIds.Uuid("pages-project", p.Name), ["project_name"] = p.Name,
            ["environment"] = d.Environment, ["url"] = $"https://{d.ShortId}.{p.Name}.pages.dev",
            ["aliases"] = d.Id == p.Canonical.Id ? new JsonArray($"https://{p.Name}.pages.dev") : new JsonArray(),
            ["created_on"] = at, ["modified_on"] = at, ["is_skipped"] = false,
            ["latest_stage"] = stage,
            ["stages"] = new JsonArray(new JsonObject { ["name"] = "queued", ["status"] = "success", ["started_on"] = at, ["ended_on"] = at }, stage.DeepClone()),
            ["deployment_trigger"] = new JsonObject
            {
                ["type"] = d.Trigger,
                ["metadata"] = new JsonObject { ["branch"] = d.Branch, ["commit_hash"] = d.CommitHash, ["commit_message"] = d.RetryOf is null ? "release" : "retry", ["commit_dirty"] = false },
            },
            ["source"] = new JsonObject { ["type"] = "github" },
            ["build_config"] = new JsonObject { ["build_command"] = "npm run build", ["destination_dir"] = "dist" },
            ["env_vars"] = new JsonObject(),
        };
    }
}
