using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Runbooks.Core.Errors;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Cloudflare;

/// <summary>
/// The Cloudflare v4 REST API, one method per operation of provider-apis.md (CF-1..CF-11). Each method sends exactly
/// the call wrangler sends; procedures built from them (rollback, maintenance mode) live in <see cref="CloudflareFacade"/>.
/// </summary>
public sealed class CloudflareClient : IDisposable
{
    private static readonly ProviderIdentity Identity = new("Cloudflare", CloudflareOptions.TokenVariable);
    private readonly ProviderHttpClient _http;

    /// <summary>Creates a client; the token is read from <see cref="CloudflareOptions.TokenVariable"/> at the first call.</summary>
    public CloudflareClient(CloudflareOptions options, ProviderContext context, HttpMessageHandler? handler = null)
    {
        Options = options.Validate();
        _http = new ProviderHttpClient(Identity, options.BaseUrl, () => context.Secrets.Get(CloudflareOptions.TokenVariable),
            options.Http, context, CloudflareJson.ReadError, handler);
    }

    /// <summary>The options in force.</summary>
    public CloudflareOptions Options { get; }

    /// <summary>CF-10: checks that the API token is valid and active.</summary>
    public Task<TokenStatus> VerifyToken(CancellationToken cancellation = default)
        => Get<TokenStatus>("/user/tokens/verify", "verifying the API token", cancellation);

    /// <summary>CF-1: the Worker's deployments, newest (serving) first.</summary>
    public async Task<IReadOnlyList<WorkerDeployment>> ListDeployments(string worker, CancellationToken cancellation = default)
    {
        var list = await Get<WorkerDeploymentList>($"{Script(worker)}/deployments", $"listing deployments of worker {worker}", cancellation)
            .ConfigureAwait(false);
        return list.Deployments.OrderByDescending(d => d.CreatedOn).ToList();
    }

    /// <summary>CF-2: the Worker's versions (wrangler asks only for deployable ones).</summary>
    public async Task<IReadOnlyList<WorkerVersion>> ListVersions(string worker, bool deployableOnly = true, CancellationToken cancellation = default)
    {
        var query = deployableOnly ? "?deployable=true" : "";
        var list = await Get<WorkerVersionList>($"{Script(worker)}/versions{query}", $"listing versions of worker {worker}", cancellation)
            .ConfigureAwait(false);
        return list.Items;
    }

    /// <summary>CF-3: one version of the Worker.</summary>
    public Task<WorkerVersion> GetVersion(string worker, string versionId, CancellationToken cancellation = default)
        => Get<WorkerVersion>($"{Script(worker)}/versions/{Segment(versionId)}", $"reading version {versionId} of worker {worker}", cancellation);

    /// <summary>
    /// CF-4: a new deployment sending 100% of traffic to <paramref name="versionId"/> (this is what a rollback is).
    /// <paramref name="force"/> adds <c>?force=true</c>, which overrides the "secrets changed" refusal (10220).
    /// </summary>
    public Task<WorkerDeployment> CreateDeployment(string worker, string versionId, string? message, bool force = false,
        CancellationToken cancellation = default)
    {
        var body = new CreateDeploymentRequest
        {
            Versions = [new DeploymentVersion(versionId, 100)],
            Annotations = message is null ? null : new Dictionary<string, string> { ["workers/message"] = message },
        };
        // After a timeout or a 5xx the deployment may exist: the newest one serving this version at 100% means it does.
        return Send<WorkerDeployment>(new ProviderRequest(HttpMethod.Post, $"{Script(worker)}/deployments{(force ? "?force=true" : "")}", Json(body))
        {
            ReadBack = async ct =>
            {
                var serving = (await ListDeployments(worker, ct).ConfigureAwait(false)).FirstOrDefault();
                return serving?.SingleVersionId == versionId ? Envelope(serving) : null;
            },
        }, $"deploying version {versionId} of worker {worker}", cancellation);
    }

    /// <summary>CF-5a: uploads a one-module Worker and deploys it at 100%, keeping the existing secrets bound.</summary>
    public Task<WorkerScript> UploadWorker(string worker, WorkerModuleUpload module, CancellationToken cancellation = default)
    {
        var metadata = JsonSerializer.Serialize(new
        {
            main_module = module.MainModule,
            compatibility_date = module.CompatibilityDate,
            keep_bindings = new[] { "secret_text", "secret_key" },
        });
        HttpContent Form()
        {
            var form = new MultipartFormDataContent();
            var meta = new StringContent(metadata, Encoding.UTF8);
            meta.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(meta, "metadata");
            var code = new StringContent(module.Source, Encoding.UTF8);
            code.Headers.ContentType = new MediaTypeHeaderValue("application/javascript+module");
            form.Add(code, module.MainModule, module.MainModule);
            return form;
        }
        return Send<WorkerScript>(HttpMethod.Put, $"{Script(worker)}?excludeScript=true&bindings_inherit=strict", Form,
            $"uploading {module.MainModule} to worker {worker}", cancellation);
    }

    /// <summary>
    /// CF-5b: uploads a version without deploying it, keeping the Worker's secrets bound; its vars are the upload's. Not
    /// sent again on a 5xx or timeout: a second version is not what anyone asked for.
    /// </summary>
    public Task<WorkerVersion> UploadVersion(string worker, WorkerVersionUpload upload, CancellationToken cancellation = default)
    {
        var metadata = JsonSerializer.Serialize(new
        {
            main_module = upload.MainModule,
            compatibility_date = upload.CompatibilityDate,
            bindings = upload.Vars.Select(v => new { type = "plain_text", name = v.Key, text = v.Value }).ToArray(),
            keep_bindings = new[] { "secret_text", "secret_key" },
            annotations = upload.Message is null ? null : new Dictionary<string, string> { ["workers/message"] = upload.Message },
        });
        HttpContent Form()
        {
            var form = new MultipartFormDataContent();
            form.Add(new StringContent(metadata, Encoding.UTF8), "metadata");
            foreach (var (name, source) in upload.Modules)
            {
                var part = new StringContent(source, Encoding.UTF8);
                part.Headers.ContentType = new MediaTypeHeaderValue("application/javascript+module");
                form.Add(part, name, name);
            }
            return form;
        }
        return Send<WorkerVersion>(HttpMethod.Post, $"{Script(worker)}/versions", Form, $"uploading a version of worker {worker}", cancellation);
    }

    /// <summary>CF-12: the bindings of the Worker's newest version (secrets without their values).</summary>
    public Task<WorkerBindings> GetSettings(string worker, CancellationToken cancellation = default)
        => Get<WorkerBindings>($"{Script(worker)}/settings", $"reading the settings of worker {worker}", cancellation);

    /// <summary>
    /// CF-13: new bindings as a new version, deployed at once (a binding sent as only <c>{type, name}</c> keeps its value;
    /// one left out is dropped). Not sent again on a 5xx or timeout: a second new version is not what anyone asked for.
    /// </summary>
    public Task<WorkerBindings> PatchSettings(string worker, IReadOnlyList<System.Text.Json.Nodes.JsonObject> bindings, CancellationToken cancellation = default)
    {
        var settings = new System.Text.Json.Nodes.JsonObject { ["bindings"] = new System.Text.Json.Nodes.JsonArray([.. bindings.Select(b => b.DeepClone())]) }.ToJsonString();
        HttpContent Form()
        {
            var form = new MultipartFormDataContent();
            form.Add(new StringContent(settings, Encoding.UTF8), "settings"); // a plain form field holding JSON, as wrangler sends it
            return form;
        }
        return Send<WorkerBindings>(HttpMethod.Patch, $"{Script(worker)}/settings", Form, $"changing the settings of worker {worker}", cancellation);
    }

    /// <summary>CF-6a: creates or replaces a secret (and deploys a new version with it).</summary>
    public Task<WorkerSecret> PutSecret(string worker, string name, string value, CancellationToken cancellation = default)
        => Send<WorkerSecret>(HttpMethod.Put, $"{Script(worker)}/secrets", Json(new PutSecretRequest(name, value)),
            $"putting secret {name} on worker {worker}", cancellation);

    /// <summary>CF-6b: the Worker's secret names (never values).</summary>
    public Task<IReadOnlyList<WorkerSecret>> ListSecrets(string worker, CancellationToken cancellation = default)
        => Get<IReadOnlyList<WorkerSecret>>($"{Script(worker)}/secrets", $"listing secrets of worker {worker}", cancellation);

    /// <summary>CF-6c: deletes a secret.</summary>
    public Task DeleteSecret(string worker, string name, CancellationToken cancellation = default)
        => _http.SendAsync(new ProviderRequest(HttpMethod.Delete, $"{Script(worker)}/secrets/{Segment(name)}?url_encoded=true"),
            $"deleting secret {name} of worker {worker}", cancellation);

    /// <summary>CF-7: a Pages project's deployments in one environment, newest first.</summary>
    public Task<IReadOnlyList<PagesDeployment>> ListPagesDeployments(string project, string environment = "production",
        CancellationToken cancellation = default)
        => Get<IReadOnlyList<PagesDeployment>>($"{Pages(project)}/deployments?env={Segment(environment)}",
            $"listing {environment} deployments of Pages project {project}", cancellation);

    /// <summary>CF-8: points production back at an earlier successful production deployment.</summary>
    public Task<PagesDeployment> RollbackPages(string project, string deploymentId, CancellationToken cancellation = default)
        => Send<PagesDeployment>(new ProviderRequest(HttpMethod.Post, $"{Pages(project)}/deployments/{Segment(deploymentId)}/rollback", Json(new { }))
        {
            ReadBack = async ct => (await GetPagesProject(project, ct).ConfigureAwait(false)).CanonicalDeployment is { } canonical
                && canonical.Id == deploymentId ? Envelope(canonical) : null,
        }, $"rolling back Pages project {project} to deployment {deploymentId}", cancellation);

    /// <summary>CF-8b: a Pages project.</summary>
    public Task<PagesProject> GetPagesProject(string project, CancellationToken cancellation = default)
        => Get<PagesProject>(Pages(project), $"reading Pages project {project}", cancellation);

    /// <summary>CF-9: purges the zone's cache (everything unless <paramref name="request"/> narrows it).</summary>
    public Task<PurgeResult> PurgeCache(PurgeCacheRequest? request = null, string? zoneId = null, CancellationToken cancellation = default)
    {
        var zone = zoneId ?? Options.ZoneId ?? throw new BadInputException(
            "The Cloudflare zone id is not set: export CLOUDFLARE_ZONE_ID=... or set cloudflare.zoneId in .config/environments.json.");
        // Purging twice purges no more than once: safe to send again after a 5xx or a timeout.
        return Send<PurgeResult>(new ProviderRequest(HttpMethod.Post, $"/zones/{Segment(zone)}/purge_cache", Json(request ?? new PurgeCacheRequest { PurgeEverything = true }))
        {
            SafeToRepeat = true,
        }, $"purging the cache of zone {zone}", cancellation);
    }

    /// <summary>CF-15: the zone's DNS records, or only those named <paramref name="name"/> exactly.</summary>
    public Task<IReadOnlyList<DnsRecord>> ListDnsRecords(string zoneId, string? name = null, CancellationToken cancellation = default)
        => Get<IReadOnlyList<DnsRecord>>($"{Zone(zoneId)}/dns_records{(name is null ? "" : "?name.exact=" + Segment(name))}",
            $"listing DNS records{(name is null ? "" : " named " + name)} of zone {zoneId}", cancellation);

    /// <summary>CF-15 edit: changes what a record points at (PATCH: the record's other fields stay).</summary>
    public Task<DnsRecord> PointDnsRecord(string zoneId, string recordId, string content, string? comment = null, CancellationToken cancellation = default)
        // Sets the content rather than adding anything: safe to send again.
        => Send<DnsRecord>(new ProviderRequest(HttpMethod.Patch, $"{Zone(zoneId)}/dns_records/{Segment(recordId)}", Json(new { content, comment })) { SafeToRepeat = true },
            $"pointing DNS record {recordId} of zone {zoneId} at {content}", cancellation);

    /// <summary>CF-16: the zone's Workers routes.</summary>
    public Task<IReadOnlyList<WorkersRoute>> ListRoutes(string zoneId, CancellationToken cancellation = default)
        => Get<IReadOnlyList<WorkersRoute>>($"{Zone(zoneId)}/workers/routes", $"listing Workers routes of zone {zoneId}", cancellation);

    /// <summary>CF-16 update: the route runs <paramref name="script"/> from now on.</summary>
    public Task<WorkersRoute> UpdateRoute(string zoneId, string routeId, string pattern, string? script, CancellationToken cancellation = default)
        => Send<WorkersRoute>(HttpMethod.Put, $"{Zone(zoneId)}/workers/routes/{Segment(routeId)}", Json(new { pattern, script }),
            $"pointing Workers route {pattern} of zone {zoneId} at {script ?? "no Worker"}", cancellation);

    /// <summary>CF-18: the zone's entrypoint ruleset of <paramref name="phase"/>; null when the phase was never written (10003).</summary>
    public async Task<Ruleset?> GetEntrypoint(string zoneId, string phase, CancellationToken cancellation = default)
    {
        try
        {
            return await Get<Ruleset>($"{Zone(zoneId)}/rulesets/phases/{Segment(phase)}/entrypoint", $"reading the {phase} rules of zone {zoneId}", cancellation)
                .ConfigureAwait(false);
        }
        catch (ProviderException e) when (e.Status == System.Net.HttpStatusCode.NotFound && e.ErrorCode == CloudflareErrorCodes.NoEntrypoint)
        {
            return null;
        }
    }

    /// <summary>CF-18: writes the phase's whole rule list (creating the entrypoint); rules left out are removed.</summary>
    public Task<Ruleset> PutEntrypoint(string zoneId, string phase, IReadOnlyList<RulesetRule> rules, CancellationToken cancellation = default)
        => Send<Ruleset>(HttpMethod.Put, $"{Zone(zoneId)}/rulesets/phases/{Segment(phase)}/entrypoint", Json(new { rules }),
            $"writing the {phase} rules of zone {zoneId}", cancellation);

    /// <summary>CF-18: appends one rule, leaving the others alone; returns the whole ruleset.</summary>
    public Task<Ruleset> AddRule(string zoneId, string rulesetId, RulesetRule rule, CancellationToken cancellation = default)
        => Send<Ruleset>(HttpMethod.Post, $"{Zone(zoneId)}/rulesets/{Segment(rulesetId)}/rules", Json(rule),
            $"adding rule '{rule.Description}' to ruleset {rulesetId} of zone {zoneId}", cancellation);

    /// <summary>CF-18: changes one rule (the fields given); returns the whole ruleset.</summary>
    public Task<Ruleset> EditRule(string zoneId, string rulesetId, string ruleId, RulesetRule rule, CancellationToken cancellation = default)
        // Every field is sent, so a second PATCH sets the same rule again: safe to repeat.
        => Send<Ruleset>(new ProviderRequest(HttpMethod.Patch, $"{Zone(zoneId)}/rulesets/{Segment(rulesetId)}/rules/{Segment(ruleId)}", Json(rule with { Id = null }))
        {
            SafeToRepeat = true,
        }, $"changing rule {ruleId} of ruleset {rulesetId} of zone {zoneId}", cancellation);

    /// <summary>CF-18: deletes one rule; returns the whole ruleset.</summary>
    public Task<Ruleset> DeleteRule(string zoneId, string rulesetId, string ruleId, CancellationToken cancellation = default)
        => Send<Ruleset>(HttpMethod.Delete, $"{Zone(zoneId)}/rulesets/{Segment(rulesetId)}/rules/{Segment(ruleId)}", null,
            $"deleting rule {ruleId} of ruleset {rulesetId} of zone {zoneId}", cancellation);

    /// <summary>CF-11: the account's Hyperdrive configs.</summary>
    public Task<IReadOnlyList<HyperdriveConfig>> ListHyperdriveConfigs(CancellationToken cancellation = default)
        => Get<IReadOnlyList<HyperdriveConfig>>($"{Account}/hyperdrive/configs", "listing Hyperdrive configs", cancellation);

    private string Account => "/accounts/" + Segment(Options.AccountId ?? throw new BadInputException(
        "The Cloudflare account id is not set: export CLOUDFLARE_ACCOUNT_ID=... or set cloudflare.accountId in .config/environments.json."));

    private string Script(string worker) => $"{Account}/workers/scripts/{Segment(worker)}";

    private static string Zone(string zoneId) => "/zones/" + Segment(zoneId);

    private string Pages(string project) => $"{Account}/pages/projects/{Segment(project)}";

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private static Func<HttpContent> Json<T>(T body) => () => JsonContent.Create(body, options: CloudflareJson.Options);

    private Task<T> Get<T>(string path, string operation, CancellationToken cancellation)
        => Send<T>(HttpMethod.Get, path, null, operation, cancellation);

    private Task<T> Send<T>(HttpMethod method, string path, Func<HttpContent>? body, string operation, CancellationToken cancellation)
        => Send<T>(new ProviderRequest(method, path, body), operation, cancellation);

    private async Task<T> Send<T>(ProviderRequest request, string operation, CancellationToken cancellation)
    {
        var response = await _http.SendAsync(request, operation, cancellation).ConfigureAwait(false);
        return CloudflareJson.Result<T>(response, operation);
    }

    // The answer a read-back stands in for: the resource in the v4 envelope, as the call itself would have returned it.
    private static ProviderResponse Envelope<T>(T result)
        => new(System.Net.HttpStatusCode.OK, JsonSerializer.Serialize(new CloudflareEnvelope<T> { Success = true, Result = result }, CloudflareJson.Options));

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
