using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>
/// The Workers part of the simulated Cloudflare API (CF-1..CF-6, CF-12..CF-14, provider-apis.md and -2.md): every route
/// answers from the model and changes it as Cloudflare would, so wrangler and the SDK see the same state.
/// </summary>
internal sealed class CloudflareWorkersRoutes(SimulatedEstate model)
{
    private const string Script = "/accounts/{account}/workers/scripts/{script}";

    public void MapInto(RouteTable t) => t
        .Map("GET", "/accounts/{account}/workers/scripts", (r, v) => { Account(v); return CloudflareEnvelope.Ok(new JsonArray([.. model.Workers.Select(w => (JsonNode)CloudflareWorkerJson.Script(w))])); })
        .Map("PUT", Script, UploadAndDeploy)
        .Map("GET", Script + "/deployments", (r, v) => CloudflareEnvelope.Ok(new JsonObject
        {
            ["deployments"] = new JsonArray([.. Worker(v).Deployments.Reverse().Select(d => (JsonNode)CloudflareWorkerJson.Deployment(d))]),
        }))
        .Map("POST", Script + "/deployments", Deploy)
        .Map("GET", Script + "/deployments/{deployment}", (r, v) => CloudflareEnvelope.Ok(CloudflareWorkerJson.Deployment(
            Worker(v).Deployments.FirstOrDefault(d => d.Id == v["deployment"]) ?? throw new ProviderRefusal(404, "10200", "Deployment not found."))))
        .Map("GET", Script + "/versions", ListVersions)
        .Map("POST", Script + "/versions", UploadVersion)
        .Map("GET", Script + "/versions/{version}", (r, v) => CloudflareEnvelope.Ok(CloudflareWorkerJson.VersionDetail(
            Worker(v).Version(v["version"]) ?? throw new ProviderRefusal(404, "10201", $"Version {v["version"]} not found."))))
        .Map("GET", Script + "/secrets", (r, v) => CloudflareEnvelope.Ok(new JsonArray([.. Worker(v).Latest.Secrets.Keys.Order(StringComparer.Ordinal)
            .Select(n => (JsonNode)new JsonObject { ["name"] = n, ["type"] = "secret_text" })])))
        .Map("GET", Script + "/secrets/{name}", (r, v) => Worker(v).Latest.Secrets.ContainsKey(v["name"])
            ? CloudflareEnvelope.Ok(new JsonObject { ["name"] = v["name"], ["type"] = "secret_text" })
            : throw new ProviderRefusal(404, "10056", $"Binding name '{v["name"]}' not found."))
        .Map("PUT", Script + "/secrets", PutSecret)
        .Map("DELETE", Script + "/secrets/{name}", (r, v) => { Worker(v).DeleteSecret(v["name"], Source(r)); return CloudflareEnvelope.Ok(null); })
        .Map("PATCH", Script + "/secrets-bulk", BulkSecrets)
        .Map("GET", Script + "/settings", (r, v) => { var w = Worker(v); return CloudflareEnvelope.Ok(CloudflareWorkerJson.Settings(w.Latest, w)); })
        .Map("PATCH", Script + "/settings", PatchSettings)
        .Map("GET", Script + "/script-settings", (r, v) => CloudflareEnvelope.Ok(Worker(v).ScriptSettings.DeepClone()))
        .Map("PATCH", Script + "/script-settings", PatchScriptSettings)
        .Map("GET", Script + "/content/v2", Content)
        .Map("GET", Script + "/subdomain", (r, v) => { Worker(v); return CloudflareEnvelope.Ok(new JsonObject { ["enabled"] = true, ["previews_enabled"] = true }); })
        .Map("POST", Script + "/subdomain", (r, v) => { Worker(v); return CloudflareEnvelope.Ok(r.JsonObject()); })
        .Map("GET", "/accounts/{account}/workers/subdomain", (r, v) => { Account(v); return CloudflareEnvelope.Ok(new JsonObject { ["subdomain"] = "runbooks-sim" }); })
        .Map("GET", "/accounts/{account}/workers/services/{script}", Service);

    private void Account(RouteValues v) => CloudflareAccount.Require(model, v);

    private SimulatedWorker Worker(RouteValues v)
    {
        Account(v);
        return model.Worker(v["script"]) ?? throw ProviderRefusal.UnknownWorker();
    }

    private static string Source(ApiRequest r) => r.Header("User-Agent")?.Contains("wrangler", StringComparison.OrdinalIgnoreCase) == true ? "wrangler" : "api";

    private ApiAnswer ListVersions(ApiRequest r, RouteValues v)
    {
        var items = Worker(v).Versions.Reverse().Select(x => (JsonNode)CloudflareWorkerJson.VersionSummary(x)).ToList();
        if (!r.QueryFlag("deployable"))
        {
            var page = int.TryParse(r.QueryValue("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Max(1, p) : 1;
            var perPage = int.TryParse(r.QueryValue("per_page"), NumberStyles.None, CultureInfo.InvariantCulture, out var pp) ? Math.Clamp(pp, 1, 100) : 20;
            var total = items.Count;
            items = [.. items.Skip((page - 1) * perPage).Take(perPage)];
            return CloudflareEnvelope.Ok(new JsonObject { ["items"] = new JsonArray([.. items]) },
                new JsonObject { ["page"] = page, ["per_page"] = perPage, ["total_count"] = total });
        }
        // The rollback window: only the 100 newest versions can be deployed.
        return CloudflareEnvelope.Ok(new JsonObject { ["items"] = new JsonArray([.. items.Take(100)]) });
    }

    private ApiAnswer Deploy(ApiRequest r, RouteValues v)
    {
        var worker = Worker(v);
        var body = r.JsonObject();
        if ((string?)body["strategy"] != "percentage")
            throw ProviderRefusal.BadRequest(10021, "strategy must be \"percentage\".");
        var shares = (body["versions"] as JsonArray ?? throw ProviderRefusal.BadRequest(10021, "versions is required."))
            .Select(x => new VersionShare((string?)x?["version_id"] ?? throw ProviderRefusal.BadRequest(10021, "each version needs a version_id."),
                x?["percentage"]?.GetValue<double>() ?? throw ProviderRefusal.BadRequest(10021, "each version needs a percentage.")))
            .ToList();
        var message = (string?)body["annotations"]?["workers/message"];
        var rollback = shares.Count == 1 && worker.Current?.WholeVersion is { } current && current != shares[0].VersionId
            && worker.Versions.Any(x => x.Id == shares[0].VersionId && x.Number < worker.Version(current)!.Number);
        var deployment = worker.Deploy(shares, message, r.QueryFlag("force"), Source(r), rollback ? "rollback" : "deployment");
        return CloudflareEnvelope.Ok(CloudflareWorkerJson.Deployment(deployment));
    }

    private ApiAnswer UploadAndDeploy(ApiRequest r, RouteValues v)
    {
        Account(v);
        var worker = model.Worker(v["script"]) ?? model.CreateWorker(v["script"]);
        var version = Upload(worker, r, "upload");
        worker.Deploy([new VersionShare(version.Id, 100)], version.Annotations.GetValueOrDefault("workers/message"), force: true, Source(r), "upload");
        var result = CloudflareWorkerJson.Script(worker);
        return CloudflareEnvelope.Ok(result);
    }

    private ApiAnswer UploadVersion(ApiRequest r, RouteValues v) => CloudflareEnvelope.Ok(CloudflareWorkerJson.VersionDetail(Upload(Worker(v), r, "upload")));

    private static WorkerVersion Upload(SimulatedWorker worker, ApiRequest r, string trigger)
    {
        var form = MultipartForm.Read(r);
        var metadata = form.JsonField("metadata") ?? throw ProviderRefusal.BadRequest(10021, "could not read content for part metadata");
        var main = (string?)metadata["main_module"] ?? (string?)metadata["body_part"]
            ?? throw ProviderRefusal.BadRequest(10021, "main_module is required: only ES module Workers can be uploaded to the simulator.");
        var modules = form.Files.ToDictionary(p => p.FileName ?? p.Name, p => p.Content, StringComparer.Ordinal);
        if (form.Module(main) is { } mainPart) modules[main] = mainPart.Content;
        var bindings = (metadata["bindings"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var keep = (metadata["keep_bindings"] as JsonArray)?.Select(k => (string?)k ?? "").ToList();
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["workers/triggered_by"] = trigger };
        if (metadata["annotations"] is JsonObject given)
            foreach (var (k, value) in given)
                if ((string?)value is { } text) annotations[k] = text;
        var previous = worker.Versions.Count > 0 ? worker.Latest.Settings : WorkerSettings.Default;
        var settings = previous with
        {
            CompatibilityDate = (string?)metadata["compatibility_date"] ?? previous.CompatibilityDate,
            CompatibilityFlags = (metadata["compatibility_flags"] as JsonArray)?.Select(f => (string?)f ?? "").ToList() ?? previous.CompatibilityFlags,
            UsageModel = (string?)metadata["usage_model"] ?? previous.UsageModel,
        };
        return worker.Upload(main, modules, bindings, keep, annotations, Source(r), settings);
    }

    private ApiAnswer PutSecret(ApiRequest r, RouteValues v)
    {
        var worker = Worker(v);
        var body = r.JsonObject();
        var name = (string?)body["name"] ?? throw ProviderRefusal.BadRequest(10021, "name is required.");
        var type = (string?)body["type"] ?? "secret_text";
        worker.PutSecret(name, (string?)body["text"] ?? "", Source(r));
        return CloudflareEnvelope.Ok(new JsonObject { ["name"] = name, ["type"] = type });
    }

    private ApiAnswer BulkSecrets(ApiRequest r, RouteValues v)
    {
        var worker = Worker(v);
        var secrets = r.JsonObject()["secrets"] as JsonObject ?? throw ProviderRefusal.BadRequest(10021, "secrets is required.");
        var patch = secrets.ToDictionary(s => s.Key, s => s.Value is null ? null : (string?)s.Value["text"] ?? "", StringComparer.Ordinal);
        var version = worker.EditSecrets(patch, Source(r));
        return CloudflareEnvelope.Ok(new JsonObject(version.Secrets.Keys.Order(StringComparer.Ordinal)
            .Select(n => KeyValuePair.Create(n, (JsonNode?)new JsonObject { ["name"] = n, ["type"] = "secret_text" }))));
    }

    private ApiAnswer PatchSettings(ApiRequest r, RouteValues v)
    {
        var worker = Worker(v);
        var settings = MultipartForm.Read(r).JsonField("settings") ?? throw ProviderRefusal.BadRequest(10021, "could not read content for part settings");
        var current = worker.Latest.Settings;
        var next = current with
        {
            CompatibilityDate = (string?)settings["compatibility_date"] ?? current.CompatibilityDate,
            CompatibilityFlags = (settings["compatibility_flags"] as JsonArray)?.Select(f => (string?)f ?? "").ToList() ?? current.CompatibilityFlags,
            UsageModel = (string?)settings["usage_model"] ?? current.UsageModel,
            Tags = settings.ContainsKey("tags") ? (settings["tags"] as JsonArray)?.Select(f => (string?)f ?? "").ToList() ?? [] : current.Tags,
        };
        if (settings["logpush"] is { } logpush) worker.ScriptSettings["logpush"] = logpush.DeepClone();
        if (settings.ContainsKey("tail_consumers")) worker.ScriptSettings["tail_consumers"] = settings["tail_consumers"]?.DeepClone();
        var bindings = (settings["bindings"] as JsonArray)?.OfType<JsonObject>().ToList();
        var version = worker.PatchSettings(bindings, next, Source(r), (string?)settings["annotations"]?["workers/message"]);
        return CloudflareEnvelope.Ok(CloudflareWorkerJson.Settings(version, worker));
    }

    private ApiAnswer PatchScriptSettings(ApiRequest r, RouteValues v)
    {
        var worker = Worker(v);
        foreach (var (k, value) in r.JsonObject())
            if (k is "logpush" or "tail_consumers" or "observability") worker.ScriptSettings[k] = value?.DeepClone();
        return CloudflareEnvelope.Ok(worker.ScriptSettings.DeepClone());
    }

    private ApiAnswer Content(ApiRequest r, RouteValues v)
    {
        var worker = Worker(v);
        var version = r.QueryValue("version") is { } id ? worker.Version(id) ?? throw new ProviderRefusal(404, "10201", $"Version {id} not found.") : worker.Latest;
        var boundary = "runbooks-sim-" + StableIds.Hex(version.Id)[..12];
        var body = new StringBuilder();
        foreach (var (name, content) in version.Modules)
        {
            body.Append("--").Append(boundary).Append("\r\n")
                .Append($"Content-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\n")
                .Append("Content-Type: application/javascript+module\r\n\r\n")
                .Append(Encoding.UTF8.GetString(content)).Append("\r\n");
        }
        body.Append("--").Append(boundary).Append("--\r\n");
        return ApiAnswer.Text(200, body.ToString(), $"multipart/form-data; boundary={boundary}",
            new Dictionary<string, string> { ["cf-entrypoint"] = version.MainModule });
    }

    private ApiAnswer Service(ApiRequest r, RouteValues v)
    {
        var worker = Worker(v);
        return CloudflareEnvelope.Ok(new JsonObject
        {
            ["id"] = worker.Name,
            ["default_environment"] = new JsonObject
            {
                ["environment"] = "production",
                ["created_on"] = CloudflareEnvelope.Time(worker.Versions[0].CreatedOn),
                ["modified_on"] = CloudflareEnvelope.Time(worker.Latest.CreatedOn),
                ["script"] = new JsonObject
                {
                    ["id"] = worker.Name, ["tag"] = StableIds.Hex("tag", worker.Name), ["etag"] = StableIds.Hex("etag", worker.Latest.Id),
                    ["handlers"] = new JsonArray("fetch"), ["last_deployed_from"] = worker.Latest.Source,
                },
            },
            ["created_on"] = CloudflareEnvelope.Time(worker.Versions[0].CreatedOn),
            ["modified_on"] = CloudflareEnvelope.Time(worker.Latest.CreatedOn),
        });
    }
}
