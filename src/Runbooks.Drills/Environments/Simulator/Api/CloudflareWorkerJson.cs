using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>How Cloudflare's API shows a Worker's deployments, versions and settings (provider-apis.md CF-1..CF-3, CF-12).</summary>
public static class CloudflareWorkerJson
{
    /// <summary>A deployment (CF-1 item, CF-4 result).</summary>
    public static JsonObject Deployment(WorkerDeployment d)
    {
        var annotations = new JsonObject { ["workers/triggered_by"] = d.TriggeredBy };
        if (d.Message is not null) annotations["workers/message"] = d.Message;
        return new JsonObject
        {
            ["id"] = d.Id, ["source"] = d.Source, ["strategy"] = "percentage", ["author_email"] = d.AuthorEmail,
            ["created_on"] = CloudflareEnvelope.Time(d.CreatedOn), ["annotations"] = annotations,
            ["versions"] = new JsonArray([.. d.Versions.Select(v => (JsonNode)new JsonObject { ["version_id"] = v.VersionId, ["percentage"] = v.Percentage })]),
        };
    }

    /// <summary>A version as CF-2 lists it.</summary>
    public static JsonObject VersionSummary(WorkerVersion v)
    {
        var o = new JsonObject
        {
            ["id"] = v.Id, ["number"] = v.Number,
            ["metadata"] = new JsonObject
            {
                ["author_email"] = "runbooks-sim@example.com", ["author_id"] = "e5f3b1c2d4a6", ["created_on"] = CloudflareEnvelope.Time(v.CreatedOn),
                ["modified_on"] = CloudflareEnvelope.Time(v.CreatedOn), ["source"] = v.Source, ["hasPreview"] = false, ["has_preview"] = false,
            },
        };
        if (v.Annotations.Count > 0) o["annotations"] = Annotations(v);
        return o;
    }

    /// <summary>A version in full (CF-3, CF-5b result): bindings with secrets' values left out, script and runtime.</summary>
    public static JsonObject VersionDetail(WorkerVersion v)
    {
        var o = VersionSummary(v);
        o["annotations"] = Annotations(v);
        o["resources"] = new JsonObject
        {
            ["bindings"] = new JsonArray([.. v.Bindings.Select(b => b.DeepClone())]),
            ["script"] = new JsonObject
            {
                ["etag"] = StableIds.Hex("etag", v.Id) + StableIds.Hex("etag2", v.Id), ["handlers"] = new JsonArray("fetch"), ["last_deployed_from"] = v.Source,
            },
            ["script_runtime"] = Runtime(v.Settings),
        };
        o["startup_time_ms"] = 7;
        return o;
    }

    /// <summary>CF-12: the settings of <paramref name="v"/> and the script-level ones.</summary>
    public static JsonObject Settings(WorkerVersion v, SimulatedWorker worker)
    {
        var o = new JsonObject
        {
            ["bindings"] = new JsonArray([.. v.Bindings.Select(b => b.DeepClone())]),
            ["compatibility_date"] = v.Settings.CompatibilityDate,
            ["compatibility_flags"] = new JsonArray([.. v.Settings.CompatibilityFlags.Select(f => (JsonNode)f)]),
            ["usage_model"] = v.Settings.UsageModel,
            ["logpush"] = worker.ScriptSettings["logpush"]?.DeepClone(),
            ["tail_consumers"] = worker.ScriptSettings["tail_consumers"]?.DeepClone(),
            ["tags"] = v.Settings.Tags.Count == 0 ? null : new JsonArray([.. v.Settings.Tags.Select(t => (JsonNode)t)]),
            ["annotations"] = Annotations(v),
            ["placement"] = new JsonObject(),
            ["limits"] = new JsonObject(),
        };
        return o;
    }

    /// <summary>A script as the list of scripts shows it.</summary>
    public static JsonObject Script(SimulatedWorker w) => new()
    {
        ["id"] = w.Name, ["etag"] = StableIds.Hex("etag", w.Latest.Id), ["handlers"] = new JsonArray("fetch"),
        ["created_on"] = CloudflareEnvelope.Time(w.Versions[0].CreatedOn), ["modified_on"] = CloudflareEnvelope.Time(w.Latest.CreatedOn),
        ["has_modules"] = true, ["compatibility_date"] = w.Latest.Settings.CompatibilityDate, ["usage_model"] = w.Latest.Settings.UsageModel,
        ["last_deployed_from"] = w.Latest.Source, ["deployment_id"] = w.Current?.Id, ["startup_time_ms"] = 7,
    };

    private static JsonObject Runtime(WorkerSettings s) => new()
    {
        ["compatibility_date"] = s.CompatibilityDate,
        ["compatibility_flags"] = new JsonArray([.. s.CompatibilityFlags.Select(f => (JsonNode)f)]),
        ["usage_model"] = s.UsageModel,
        ["limits"] = new JsonObject(),
    };

    private static JsonObject Annotations(WorkerVersion v)
    {
        var o = new JsonObject();
        foreach (var (k, value) in v.Annotations) o[k] = value;
        return o;
    }
}
