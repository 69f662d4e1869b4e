using Runbooks.Core.Errors;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Cloudflare;

/// <summary>
/// <c>Cloudflare</c> as runbooks see it: the procedures of the seeds (roll back a Worker as <c>wrangler rollback</c>
/// does, deploy the maintenance Worker, roll back Pages, purge the cache), each logging what it did. The raw API is
/// <see cref="Api"/>.
/// </summary>
public sealed class CloudflareFacade : IDisposable
{
    private readonly ProviderContext _context;

    /// <summary>Creates the facade over a client.</summary>
    public CloudflareFacade(CloudflareClient api, ProviderContext context)
    {
        Api = api;
        _context = context;
    }

    /// <summary>Builds the facade for the run's environment (see <see cref="CloudflareOptions.FromContext"/>).</summary>
    /// <exception cref="Runbooks.Core.Errors.EnvironmentUnavailableException">In a drill that has no Cloudflare simulator (exit 3).</exception>
    public static CloudflareFacade FromContext(ProviderContext context)
    {
        context.Endpoints.EnsurePresent("Cloudflare");
        return new(new CloudflareClient(CloudflareOptions.FromContext(context), context), context);
    }

    /// <summary>The API, one method per operation.</summary>
    public CloudflareClient Api { get; }

    /// <summary><c>wrangler deployments list</c>: the Worker's deployments, the serving one first.</summary>
    public Task<IReadOnlyList<WorkerDeployment>> Deployments(string worker, CancellationToken cancellation = default)
        => Api.ListDeployments(worker, cancellation);

    /// <summary>
    /// <c>wrangler rollback [version] --message</c>: deploys <paramref name="versionId"/> (default: the version of the most
    /// recent earlier deployment that served one version at 100%) to all traffic, annotated with <paramref name="message"/>.
    /// When Cloudflare refuses because secrets changed since that version, this throws a
    /// <see cref="CloudflareSecretsChangedException"/> asking whether to force, unless <paramref name="force"/> is set.
    /// </summary>
    public async Task<WorkerRollbackResult> RollbackWorker(string worker, string? versionId = null, string message = "Rollback",
        bool force = false, CancellationToken cancellation = default)
    {
        // wrangler prompts with "120 characters max"; the API keeps 100 bytes, so a longer message would be cut silently.
        if (message.Length > 120) throw new BadInputException($"The rollback message for worker {worker} is {message.Length} characters; at most 120 are allowed.");
        var deployments = await Api.ListDeployments(worker, cancellation).ConfigureAwait(false);
        var current = deployments.FirstOrDefault();
        var target = versionId ?? deployments.Skip(1).Select(d => d.SingleVersionId).FirstOrDefault(v => v is not null)
            ?? throw new NoRollbackTargetException(worker);
        var version = await Api.GetVersion(worker, target, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Worker {worker}: serving {Describe(current)}; rolling back to version {version.Id} (#{version.Number}).");

        WorkerDeployment created;
        try
        {
            created = await Api.CreateDeployment(worker, target, message, force, cancellation).ConfigureAwait(false);
        }
        catch (ProviderException e) when (e.ErrorCode == CloudflareErrorCodes.SecretsChanged && e is not CloudflareSecretsChangedException)
        {
            throw new CloudflareSecretsChangedException(
                $"Cloudflare refused to roll back worker {worker} to version {target} because secrets changed since that version " +
                $"({e.Error?.Message}): roll back anyway with force: true, knowing the old code will run with today's secrets?", e.Status, e.Error, e);
        }
        _context.Log.Log($"Worker {worker}: deployment {created.Id} now sends 100% of traffic to version {target}{(force ? " (forced)" : "")}.");
        return new WorkerRollbackResult(worker, current?.SingleVersionId, target, created.Id, force);
    }

    /// <summary>
    /// The version of <paramref name="worker"/> tagged <paramref name="tag"/> (<c>wrangler versions upload --tag</c>, seed 001's
    /// "last good tag"), among the versions a deployment may use; an unknown tag is bad input naming the tags there are.
    /// </summary>
    public async Task<string> VersionTagged(string worker, string tag, CancellationToken cancellation = default)
    {
        var versions = await Api.ListVersions(worker, deployableOnly: true, cancellation).ConfigureAwait(false);
        string? TagOf(WorkerVersion v) => v.Annotations?.GetValueOrDefault("workers/tag");
        return versions.FirstOrDefault(v => TagOf(v) == tag)?.Id
            ?? throw new BadInputException($"Worker {worker} has no version tagged '{tag}'; tagged versions: "
                + (versions.Select(TagOf).OfType<string>().ToList() is { Count: > 0 } tags ? string.Join(", ", tags) : "none") + ".");
    }

    /// <summary>
    /// Seed 000 Option 2B: puts back the vars (plain-text and JSON bindings) of the known-good version,
    /// <paramref name="fromVersionId"/> or else the one the previous deployment served, as a new deployed version; every
    /// other binding is kept as it is. Does nothing when the vars already match.
    /// </summary>
    public async Task<VarsRestoreResult> RestoreVars(string worker, string? fromVersionId = null, CancellationToken cancellation = default)
    {
        var deployments = await Api.ListDeployments(worker, cancellation).ConfigureAwait(false);
        var known = fromVersionId ?? deployments.Skip(1).Select(d => d.SingleVersionId).FirstOrDefault(v => v is not null)
            ?? throw new NoRollbackTargetException(worker);
        var good = (await Api.GetVersion(worker, known, cancellation).ConfigureAwait(false)).Resources ?? new WorkerBindings();
        var now = await Api.GetSettings(worker, cancellation).ConfigureAwait(false);
        var goodVars = good.Bindings.Where(WorkerBindings.IsVar).ToDictionary(b => (string)b["name"]!, StringComparer.Ordinal);
        // Everything but a var is sent back as {type, name}: Cloudflare keeps it as it is (a secret's value included).
        var next = now.Bindings.Where(b => !WorkerBindings.IsVar(b))
            .Select(b => new System.Text.Json.Nodes.JsonObject { ["type"] = b["type"]?.DeepClone(), ["name"] = b["name"]?.DeepClone() })
            .Concat(goodVars.Values.Select(b => (System.Text.Json.Nodes.JsonObject)b.DeepClone())).ToList();
        var (before, after) = (now.Vars, good.Vars);
        var changed = before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k)).Order(StringComparer.Ordinal).ToList();
        if (changed.Count == 0)
        {
            _context.Log.Log($"Worker {worker}: its vars already match version {known}; nothing to put back.");
            return new VarsRestoreResult(worker, known, []);
        }
        await Api.PatchSettings(worker, next, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Worker {worker}: put back the vars of version {known}: {string.Join(", ", changed)}.");
        return new VarsRestoreResult(worker, known, changed);
    }

    /// <summary>
    /// Seed 000 Option 1B: uploads the known-good bundle in <paramref name="folder"/> (its <c>.js</c>/<c>.mjs</c> modules,
    /// entry <paramref name="mainModule"/>) as a new version and deploys it at 100%. Its vars come from the bundle's
    /// <c>vars.json</c>, else from the Worker as it is (a deploy that dropped them would break it); secrets stay bound.
    /// </summary>
    public async Task<WorkerBundleResult> DeployBundle(string worker, string folder, string mainModule = "index.js", string message = "Deploy known-good bundle",
        CancellationToken cancellation = default)
    {
        if (!Directory.Exists(folder)) throw new BadInputException($"The bundle folder {folder} does not exist.");
        var modules = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".js", StringComparison.Ordinal) || f.EndsWith(".mjs", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
        if (!modules.ContainsKey(mainModule))
            throw new BadInputException($"The bundle {folder} has no {mainModule}; its modules: {(modules.Count == 0 ? "none" : string.Join(", ", modules.Keys.Order(StringComparer.Ordinal)))}.");
        var varsFile = Path.Combine(folder, "vars.json");
        IReadOnlyDictionary<string, string> vars;
        string varsFrom;
        if (File.Exists(varsFile))
        {
            try { vars = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(varsFile)) ?? []; }
            catch (System.Text.Json.JsonException e) { throw new BadInputException($"{varsFile} is not a JSON object of string vars: {e.Message}", e); }
            varsFrom = varsFile;
        }
        else
        {
            vars = (await Api.GetSettings(worker, cancellation).ConfigureAwait(false)).Vars;
            varsFrom = $"worker {worker} as it was";
        }
        var before = (await Api.ListDeployments(worker, cancellation).ConfigureAwait(false)).FirstOrDefault()?.SingleVersionId;
        var version = await Api.UploadVersion(worker, new WorkerVersionUpload(mainModule, modules, vars, message), cancellation).ConfigureAwait(false);
        _context.Log.Log($"Worker {worker}: uploaded {modules.Count} module(s) from {folder} as version {version.Id} (vars from {varsFrom}).");
        var deployment = await Api.CreateDeployment(worker, version.Id, message, cancellation: cancellation).ConfigureAwait(false);
        _context.Log.Log($"Worker {worker}: deployment {deployment.Id} now sends 100% of traffic to version {version.Id}.");
        return new WorkerBundleResult(worker, before, version.Id, deployment.Id, varsFrom);
    }

    /// <summary>Seed 000 Option 3A: deploys the emergency maintenance Worker in place of <paramref name="worker"/>.</summary>
    public async Task<WorkerScript> DeployMaintenanceWorker(string worker, string? message = null, CancellationToken cancellation = default)
    {
        var module = message is null ? MaintenanceWorker.Module() : MaintenanceWorker.Module(message);
        var script = await Api.UploadWorker(worker, module, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Worker {worker}: maintenance worker deployed (deployment {script.DeploymentId}).");
        return script;
    }

    /// <summary>
    /// Rolls a Pages project's production back to <paramref name="deploymentId"/> (default: the newest successful production
    /// deployment before the one serving).
    /// </summary>
    public async Task<PagesRollbackResult> RollbackPages(string project, string? deploymentId = null, CancellationToken cancellation = default)
    {
        var deployments = (await Api.ListPagesDeployments(project, "production", cancellation).ConfigureAwait(false))
            .OrderByDescending(d => d.CreatedOn).ToList();
        var current = deployments.FirstOrDefault();
        var target = deploymentId ?? deployments.Skip(1).FirstOrDefault(d => d.Succeeded)?.Id
            ?? throw new RunbookException($"Pages project {project} has no earlier successful production deployment to roll back to.", ExitCodes.Failed);
        var now = await Api.RollbackPages(project, target, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Pages project {project}: production now serves deployment {now.Id} (was {current?.Id ?? "none"}).");
        return new PagesRollbackResult(project, current?.Id, now.Id);
    }

    /// <summary>Purges everything cached in the zone (the configured one unless <paramref name="zoneId"/> is given).</summary>
    public async Task<PurgeResult> PurgeCache(string? zoneId = null, CancellationToken cancellation = default)
    {
        var result = await Api.PurgeCache(null, zoneId, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Cache purged (zone {zoneId ?? Api.Options.ZoneId}).");
        return result;
    }

    /// <summary>The vars the Worker's newest version runs with.</summary>
    public async Task<IReadOnlyDictionary<string, string>> Vars(string worker, CancellationToken cancellation = default)
        => (await Api.GetSettings(worker, cancellation).ConfigureAwait(false)).Vars;

    /// <summary>
    /// Sets one var of the Worker (a new version, deployed at once), every other binding kept as it is; returns the
    /// value it had.
    /// </summary>
    public async Task<string?> SetVar(string worker, string name, string value, CancellationToken cancellation = default)
    {
        var now = await Api.GetSettings(worker, cancellation).ConfigureAwait(false);
        var before = now.Vars.GetValueOrDefault(name);
        // Everything but this var is sent back as {type, name} (a var with its text): Cloudflare keeps it as it is.
        var next = now.Bindings.Where(b => (string?)b["name"] != name)
            .Select(b => WorkerBindings.IsVar(b) ? (System.Text.Json.Nodes.JsonObject)b.DeepClone()
                : new System.Text.Json.Nodes.JsonObject { ["type"] = b["type"]?.DeepClone(), ["name"] = b["name"]?.DeepClone() })
            .Append(new System.Text.Json.Nodes.JsonObject { ["type"] = "plain_text", ["name"] = name, ["text"] = value }).ToList();
        await Api.PatchSettings(worker, next, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Worker {worker}: {name} is now '{value}' (was {(before is null ? "unset" : $"'{before}'")}).");
        return before;
    }

    /// <summary>Purges <paramref name="urls"/> from the zone's cache (at most 100 a request, as Cloudflare takes them).</summary>
    public async Task<int> PurgeUrls(string zoneId, IEnumerable<string> urls, CancellationToken cancellation = default)
    {
        var all = urls.Distinct(StringComparer.Ordinal).ToList();
        if (all.Count == 0) throw new BadInputException("No URL to purge: name at least one, or purge everything.");
        foreach (var batch in all.Chunk(100))
            await Api.PurgeCache(new PurgeCacheRequest { Files = batch }, zoneId, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Cache purged in zone {zoneId}: {all.Count} URL{(all.Count == 1 ? "" : "s")}.");
        return all.Count;
    }

    /// <summary>The zone's Workers routes.</summary>
    public Task<IReadOnlyList<WorkersRoute>> Routes(string zoneId, CancellationToken cancellation = default) => Api.ListRoutes(zoneId, cancellation);

    /// <summary>Makes <paramref name="route"/> run <paramref name="worker"/> from now on.</summary>
    public async Task<WorkersRoute> PointRoute(string zoneId, WorkersRoute route, string worker, CancellationToken cancellation = default)
    {
        var now = await Api.UpdateRoute(zoneId, route.Id, route.Pattern, worker, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Route {route.Pattern} now runs {worker} (was {route.Script ?? "no Worker"}).");
        return now;
    }

    /// <summary>The zone's DNS records named <paramref name="name"/> (every record when null).</summary>
    public Task<IReadOnlyList<DnsRecord>> DnsRecords(string zoneId, string? name = null, CancellationToken cancellation = default)
        => Api.ListDnsRecords(zoneId, name, cancellation);

    /// <summary>Points <paramref name="record"/> at <paramref name="content"/>.</summary>
    public async Task<DnsRecord> PointDnsRecord(string zoneId, DnsRecord record, string content, string? comment = null, CancellationToken cancellation = default)
    {
        var now = await Api.PointDnsRecord(zoneId, record.Id, content, comment, cancellation).ConfigureAwait(false);
        _context.Log.Log($"DNS {record.Type} {record.Name} now points at {content} (was {record.Content}).");
        return now;
    }

    /// <summary>The zone's rules in <paramref name="phase"/>, in order (none when the phase was never written).</summary>
    public async Task<IReadOnlyList<RulesetRule>> Rules(string zoneId, string phase, CancellationToken cancellation = default)
        => (await Api.GetEntrypoint(zoneId, phase, cancellation).ConfigureAwait(false))?.Rules ?? [];

    /// <summary>
    /// Adds a single redirect (phase <c>http_request_dynamic_redirect</c>) sending requests that match
    /// <paramref name="expression"/> to <paramref name="targetUrl"/>, leaving the zone's other rules alone; returns its id.
    /// </summary>
    public async Task<string> AddRedirect(string zoneId, string expression, string targetUrl, string description, int status = 302,
        CancellationToken cancellation = default)
    {
        var rule = new RulesetRule
        {
            Description = description, Expression = expression, Action = "redirect",
            ActionParameters = new System.Text.Json.Nodes.JsonObject
            {
                ["from_value"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["status_code"] = status, ["target_url"] = new System.Text.Json.Nodes.JsonObject { ["value"] = targetUrl }, ["preserve_query_string"] = false,
                },
            },
        };
        const string phase = "http_request_dynamic_redirect";
        var existing = await Api.GetEntrypoint(zoneId, phase, cancellation).ConfigureAwait(false);
        var ruleset = existing is null
            ? await Api.PutEntrypoint(zoneId, phase, [rule], cancellation).ConfigureAwait(false)
            : await Api.AddRule(zoneId, existing.Id, rule, cancellation).ConfigureAwait(false);
        var added = ruleset.Rules.LastOrDefault(r => r.Description == description)
            ?? throw new RunbookException($"Zone {zoneId}: the redirect rule '{description}' is not in the ruleset Cloudflare returned.", ExitCodes.Failed);
        _context.Log.Log($"Redirect rule '{description}' added: {expression} -> {status} {targetUrl}.");
        return added.Id!;
    }

    /// <summary>Deletes every rule of <paramref name="phase"/> whose description is <paramref name="description"/>; returns how many.</summary>
    public async Task<int> RemoveRules(string zoneId, string phase, string description, CancellationToken cancellation = default)
    {
        var ruleset = await Api.GetEntrypoint(zoneId, phase, cancellation).ConfigureAwait(false);
        var mine = ruleset?.Rules.Where(r => r.Description == description && r.Id is not null).ToList() ?? [];
        foreach (var rule in mine) await Api.DeleteRule(zoneId, ruleset!.Id, rule.Id!, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Zone {zoneId}: {mine.Count} {phase} rule{(mine.Count == 1 ? "" : "s")} '{description}' removed.");
        return mine.Count;
    }

    /// <summary>Changes the limit of the rate-limit rule <paramref name="ruleId"/> (its period too when given); returns the rule as it is now.</summary>
    public async Task<RulesetRule> SetRateLimit(string zoneId, string ruleId, int requestsPerPeriod, int? period = null, CancellationToken cancellation = default)
    {
        if (requestsPerPeriod <= 0) throw new BadInputException($"A rate limit must allow at least one request per period, not {requestsPerPeriod}.");
        const string phase = "http_ratelimit";
        var ruleset = await Api.GetEntrypoint(zoneId, phase, cancellation).ConfigureAwait(false);
        var rule = ruleset?.Rules.FirstOrDefault(r => r.Id == ruleId)
            ?? throw new BadInputException($"Zone {zoneId} has no rate-limit rule {ruleId}; it has: {string.Join(", ", ruleset?.Rules.Select(r => $"{r.Id} ({r.Description})") ?? ["none"])}.");
        var limit = (rule.Ratelimit ?? new RateLimitSettings()) with { RequestsPerPeriod = requestsPerPeriod, Period = period ?? rule.Ratelimit?.Period ?? 60 };
        var now = await Api.EditRule(zoneId, ruleset!.Id, ruleId, rule with { Ratelimit = limit }, cancellation).ConfigureAwait(false);
        _context.Log.Log($"Rate-limit rule '{rule.Description}': {rule.Ratelimit?.RequestsPerPeriod} -> {requestsPerPeriod} requests per {limit.Period} s.");
        return now.Rules.First(r => r.Id == ruleId);
    }

    /// <summary><c>wrangler secret put</c>.</summary>
    public Task<WorkerSecret> PutSecret(string worker, string name, string value, CancellationToken cancellation = default)
    {
        _context.Secrets.Redactor.Add(value);
        return Api.PutSecret(worker, name, value, cancellation);
    }

    /// <summary><c>wrangler secret list</c>.</summary>
    public Task<IReadOnlyList<WorkerSecret>> Secrets(string worker, CancellationToken cancellation = default)
        => Api.ListSecrets(worker, cancellation);

    /// <summary><c>wrangler secret delete</c>.</summary>
    public Task DeleteSecret(string worker, string name, CancellationToken cancellation = default)
        => Api.DeleteSecret(worker, name, cancellation);

    /// <summary>Checks the API token before anything destructive, so a bad token fails first and clearly.</summary>
    public Task<TokenStatus> VerifyToken(CancellationToken cancellation = default) => Api.VerifyToken(cancellation);

    private static string Describe(WorkerDeployment? d) => d is null ? "no deployment"
        : d.SingleVersionId is { } v ? $"version {v} (deployment {d.Id})" : $"a split deployment {d.Id}";

    /// <inheritdoc />
    public void Dispose() => Api.Dispose();
}
