using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Runbooks.Core.Estates;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// One simulated Cloudflare Worker: its versions, deployments, secrets and settings, changed as Cloudflare changes them
/// (a rollback is a new deployment of an old version; a secret put is a new version, deployed; a version upload is not
/// deployed), and the edge that serves what is deployed once the change has propagated. Every method runs under the
/// model's lock (the API takes it).
/// </summary>
public sealed class SimulatedWorker
{
    private const string Author = "runbooks-sim@example.com";
    private readonly SimulatedEstate _estate;
    private readonly List<WorkerVersion> _versions = [];
    private readonly List<WorkerDeployment> _deployments = [];
    private readonly Dictionary<string, string> _goodSecrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _goodVars = new(StringComparer.Ordinal);

    internal SimulatedWorker(SimulatedEstate estate, string name, EstateWorker? entry)
    {
        _estate = estate;
        Name = name;
        Entry = entry;
        Edge = new ServiceEdge(name);
        if (entry is not null)
        {
            foreach (var s in entry.Secrets) _goodSecrets[s] = $"sim-{s.ToLowerInvariant()}-{StableIds.Hex(name, s)[..12]}";
            foreach (var (k, v) in entry.Vars) _goodVars[k] = v;
        }
    }

    /// <summary>The script name.</summary>
    public string Name { get; }

    /// <summary>The estate's entry, or null for a Worker created through the API (a maintenance Worker).</summary>
    public EstateWorker? Entry { get; }

    /// <summary>What its edge serves.</summary>
    public ServiceEdge Edge { get; }

    /// <summary>Every version, oldest first.</summary>
    public IReadOnlyList<WorkerVersion> Versions => _versions;

    /// <summary>Every deployment, oldest first.</summary>
    public IReadOnlyList<WorkerDeployment> Deployments => _deployments;

    /// <summary>The newest version.</summary>
    public WorkerVersion Latest => _versions[^1];

    /// <summary>The deployment serving now, as the API lists it (propagation aside).</summary>
    public WorkerDeployment? Current => _deployments.Count == 0 ? null : _deployments[^1];

    /// <summary>Whether the newest version serves all traffic (else secret and settings edits are refused: 10215, 10214).</summary>
    public bool LatestIsDeployed => Current?.WholeVersion == Latest.Id;

    /// <summary>Script-level settings (<c>logpush</c>, <c>tail_consumers</c>, <c>observability</c>), not versioned.</summary>
    public JsonObject ScriptSettings { get; } = new() { ["logpush"] = false, ["tail_consumers"] = null, ["observability"] = new JsonObject { ["enabled"] = false } };

    /// <summary>The secret values the service needs (the estate's starting ones, or what a rotation accepted).</summary>
    public IReadOnlyDictionary<string, string> GoodSecrets => _goodSecrets;

    /// <summary>The version with <paramref name="id"/>, or null.</summary>
    public WorkerVersion? Version(string id) => _versions.FirstOrDefault(v => v.Id == id);

    /// <summary>The starting history: two healthy versions from the estate, each deployed in turn, the newest serving.</summary>
    internal void Seed()
    {
        var bindings = new List<JsonObject>();
        foreach (var (k, v) in _goodVars) bindings.Add(new JsonObject { ["type"] = "plain_text", ["name"] = k, ["text"] = v });
        foreach (var s in _goodSecrets.Keys) bindings.Add(new JsonObject { ["type"] = "secret_text", ["name"] = s });
        var module = Encoding.UTF8.GetBytes(ModuleBehaviour.ModuleFor(ServiceBehaviour.Healthy));
        for (var n = 1; n <= 2; n++)
        {
            var created = _estate.UtcNow - TimeSpan.FromDays(3 - n);
            var version = new WorkerVersion(StableIds.Uuid("worker-version", Name, n.ToString(CultureInfo.InvariantCulture)), n, created, "wrangler",
                new Dictionary<string, string> { ["workers/triggered_by"] = "upload" }, Clone(bindings), new Dictionary<string, string>(_goodSecrets),
                "index.js", new Dictionary<string, byte[]> { ["index.js"] = module }, ServiceBehaviour.Healthy, WorkerSettings.Default);
            _versions.Add(version);
            _deployments.Add(new WorkerDeployment(StableIds.Uuid("worker-deployment", Name, n.ToString(CultureInfo.InvariantCulture)), created + TimeSpan.FromSeconds(10),
                "wrangler", Author, null, "upload", [new VersionShare(version.Id, 100)]));
        }
        ServeCurrent(propagate: false);
    }

    /// <summary>
    /// Uploads a version (CF-5a/5b). Bindings of type <c>inherit</c> and the types in <paramref name="keepBindings"/> come
    /// from the newest version; with no <paramref name="keepBindings"/> secrets are kept and vars replaced, as Cloudflare does.
    /// </summary>
    public WorkerVersion Upload(string mainModule, IReadOnlyDictionary<string, byte[]> modules, IReadOnlyList<JsonObject> bindings,
        IReadOnlyList<string>? keepBindings, IReadOnlyDictionary<string, string> annotations, string source, WorkerSettings? settings = null)
    {
        if (!modules.TryGetValue(mainModule, out var main))
            throw ProviderRefusal.BadRequest(10021, $"Uncaught Error: No such module \"{mainModule}\". main_module must name one of the uploaded parts.");
        var previous = _versions.Count > 0 ? Latest : null;
        var (resolved, secrets) = Resolve(bindings, previous, keepBindings ?? ["secret_text", "secret_key"]);
        var version = new WorkerVersion(StableIds.NewUuid(), (previous?.Number ?? 0) + 1, _estate.UtcNow, source,
            With(annotations, "workers/triggered_by", annotations.GetValueOrDefault("workers/triggered_by") ?? "upload"),
            resolved, secrets, mainModule, modules, ModuleBehaviour.Of(Encoding.UTF8.GetString(main)), settings ?? previous?.Settings ?? WorkerSettings.Default);
        _versions.Add(version);
        return version;
    }

    /// <summary>
    /// CF-4: a new deployment of <paramref name="shares"/>. A single version whose secrets differ from the newest
    /// version's is refused with 10220 unless <paramref name="force"/>, as a rollback past a secret change is.
    /// </summary>
    public WorkerDeployment Deploy(IReadOnlyList<VersionShare> shares, string? message, bool force, string source, string triggeredBy, bool propagate = true)
    {
        if (shares.Count is < 1 or > 2)
            throw ProviderRefusal.BadRequest(10164, "A deployment must have one or two versions.");
        if (Math.Abs(shares.Sum(s => s.Percentage) - 100) > 0.001 || shares.Any(s => s.Percentage is < 0 or > 100))
            throw ProviderRefusal.BadRequest(10165, "The percentages of a deployment's versions must add up to 100.");
        foreach (var s in shares)
            if (Version(s.VersionId) is null) throw ProviderRefusal.BadRequest(10163, $"Version {s.VersionId} does not exist on this Worker.");
        if (!force && shares.Count == 1 && _versions.Count > 0)
        {
            var target = Version(shares[0].VersionId)!;
            var changed = Latest.Secrets.Keys.Union(target.Secrets.Keys)
                .Where(k => Latest.Secrets.GetValueOrDefault(k) != target.Secrets.GetValueOrDefault(k)).Order(StringComparer.Ordinal).ToList();
            if (changed.Count > 0)
                throw ProviderRefusal.BadRequest(10220,
                    $"The following secrets have changed: {string.Join(", ", changed)}. Please use the --force flag (or add ?force=true) to deploy anyway.");
        }
        if (message is { Length: > 1000 }) message = message[..1000];
        // wrangler orders deployments by created_on compared as text: each new one must be later, to the microsecond.
        var created = _estate.UtcNow;
        if (Current is { } last && created <= last.CreatedOn) created = last.CreatedOn + TimeSpan.FromMicroseconds(1);
        var deployment = new WorkerDeployment(StableIds.NewUuid(), created, source, Author, message, triggeredBy, shares);
        _deployments.Add(deployment);
        ServeCurrent(propagate);
        return deployment;
    }

    /// <summary>
    /// A release that goes live at once, as <c>wrangler deploy</c> of a new build does: a version whose code answers as
    /// <paramref name="behaviour"/>, deployed at 100% with no propagation (the moment it serves is the fault point).
    /// </summary>
    public WorkerVersion Release(ServiceBehaviour behaviour, string message)
    {
        var module = new Dictionary<string, byte[]> { ["index.js"] = Encoding.UTF8.GetBytes(ModuleBehaviour.ModuleFor(behaviour)) };
        // A release carries its wrangler.toml [vars] with it; its fault is in the code, not the configuration.
        var vars = Clone(Latest.Bindings.Where(b => (string?)b["type"] is "plain_text" or "json"));
        var version = Upload("index.js", module, vars, null, new Dictionary<string, string> { ["workers/message"] = message }, "wrangler");
        Deploy([new VersionShare(version.Id, 100)], message, force: true, "wrangler", "upload", propagate: false);
        return version;
    }

    /// <summary>CF-6a: puts a secret: a new version with it, deployed at once (10215 when the newest version is not the deployed one).</summary>
    public WorkerVersion PutSecret(string name, string value, string source, bool propagate = true)
        => EditSecrets(new Dictionary<string, string?> { [name] = value }, source, $"Updated secret \"{name}\"", propagate);

    /// <summary>CF-6c: deletes a secret (a new version without it, deployed).</summary>
    public WorkerVersion DeleteSecret(string name, string source)
    {
        if (!Latest.Secrets.ContainsKey(name)) throw new ProviderRefusal(404, "10056", $"Binding name '{name}' not found.");
        return EditSecrets(new Dictionary<string, string?> { [name] = null }, source, $"Deleted secret \"{name}\"");
    }

    /// <summary>CF-14: a merge patch of secrets (null deletes), one new version, deployed.</summary>
    public WorkerVersion EditSecrets(IReadOnlyDictionary<string, string?> patch, string source, string? message = null, bool propagate = true)
    {
        if (!LatestIsDeployed)
            throw ProviderRefusal.BadRequest(10215, "Secret edit failed. You attempted to modify a secret, but the latest version of your Worker isn't currently deployed. "
                + "Please ensure that the latest version of your Worker is fully deployed (wrangler versions deploy) before modifying secrets. "
                + "Alternatively, you can use the Cloudflare dashboard to modify secrets and deploy the version.");
        var secrets = new Dictionary<string, string>(Latest.Secrets, StringComparer.Ordinal);
        var bindings = Clone(Latest.Bindings.Where(b => !(b["name"] is { } n && patch.ContainsKey((string)n!))));
        foreach (var (name, value) in patch)
        {
            if (value is null) { secrets.Remove(name); continue; }
            secrets[name] = value;
            bindings.Add(new JsonObject { ["type"] = "secret_text", ["name"] = name });
        }
        return Redeploy(bindings, secrets, Latest.Settings, source, "secret", message ?? "Updated secrets", propagate);
    }

    /// <summary>
    /// CF-13: new settings (bindings given as <c>{type,name}</c> are inherited; those left out are dropped), a new version,
    /// deployed (10214 when the newest version is not the deployed one).
    /// </summary>
    public WorkerVersion PatchSettings(IReadOnlyList<JsonObject>? bindings, WorkerSettings settings, string source, string? message, bool propagate = true)
    {
        if (!LatestIsDeployed)
            throw ProviderRefusal.BadRequest(10214, "Script edit failed. You attempted to deploy the latest version with modified settings, but the latest version isn't currently deployed. "
                + "Either upload a new version to edit the version settings, or use the script-level settings API to modify the \"logpush\" and \"tail_consumers\" settings.");
        if (bindings is null) return Redeploy(Clone(Latest.Bindings), new Dictionary<string, string>(Latest.Secrets), settings, source, "settings", message, propagate);
        var inherited = bindings.Select(b => b.Count == 2 && b["type"] is not null && b["name"] is not null
            ? new JsonObject { ["type"] = "inherit", ["name"] = b["name"]!.DeepClone() } : b).ToList();
        var (resolved, secrets) = Resolve(inherited, Latest, keep: []);
        return Redeploy(resolved, secrets, settings, source, "settings", message, propagate);
    }

    /// <summary>Accepts <paramref name="value"/> as the secret the service needs from now on (the other end of a rotation).</summary>
    public void AcceptSecret(string name, string value) => _goodSecrets[name] = value;

    /// <summary>
    /// The other end revokes the secret's value and issues <paramref name="replacement"/> (a provider's secret scanning
    /// revoking a leaked key): versions holding the old value fail from now on, at once.
    /// </summary>
    public void RevokeSecret(string name, string replacement)
    {
        AcceptSecret(name, replacement);
        Reevaluate();
    }

    /// <summary>Serves what is deployed as it answers now, at once (after something it depends on changed).</summary>
    public void Reevaluate() => ServeCurrent(propagate: false);

    /// <summary>
    /// How <paramref name="version"/> answers: its code's behaviour, unless a secret or var the service needs is wrong. Code
    /// that fails or serves a maintenance page by itself (a maintenance Worker) reads no configuration.
    /// </summary>
    public ServiceBehaviour Evaluate(WorkerVersion version)
    {
        if (version.Behaviour.Kind is BehaviourKind.Maintenance or BehaviourKind.Failing) return version.Behaviour;
        foreach (var (name, good) in _goodSecrets)
            // The auth secret is the Worker's own API key: any value works, and decides which bearer token is accepted.
            if (name != Entry?.Auth && version.Secrets.GetValueOrDefault(name) != good)
                return ServiceBehaviour.Misconfigured(version.Secrets.ContainsKey(name) ? $"secret {name} is not the one the service needs" : $"secret {name} is missing");
        var vars = version.Vars;
        var choices = Entry?.Choices ?? new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (name, good) in _goodVars)
        {
            var value = vars.GetValueOrDefault(name);
            if (value != good && !(value is not null && choices.TryGetValue(name, out var allowed) && allowed.Contains(value)))
                return ServiceBehaviour.Misconfigured(value is not null ? $"var {name} is '{value}'" : $"var {name} is missing");
            // A var that chooses between providers makes the Worker fail while the chosen one is down.
            if (value is not null && choices.ContainsKey(name) && _estate.IsDown(value))
                return ServiceBehaviour.Failing(1, 502, $"upstream {value} ({name}) is down");
        }
        return version.Behaviour;
    }

    private WorkerVersion Redeploy(List<JsonObject> bindings, Dictionary<string, string> secrets, WorkerSettings settings, string source, string trigger, string? message,
        bool propagate = true)
    {
        var annotations = new Dictionary<string, string> { ["workers/triggered_by"] = trigger };
        if (message is not null) annotations["workers/message"] = message;
        var version = new WorkerVersion(StableIds.NewUuid(), Latest.Number + 1, _estate.UtcNow, source, annotations, bindings, secrets,
            Latest.MainModule, Latest.Modules, Latest.Behaviour, settings);
        _versions.Add(version);
        Deploy([new VersionShare(version.Id, 100)], message, force: true, source, trigger, propagate);
        return version;
    }

    private (List<JsonObject> Bindings, Dictionary<string, string> Secrets) Resolve(IReadOnlyList<JsonObject> given, WorkerVersion? previous, IReadOnlyList<string> keep)
    {
        var bindings = new List<JsonObject>();
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in given)
        {
            var name = (string?)b["name"] ?? throw ProviderRefusal.BadRequest(10021, "A binding has no name.");
            var type = (string?)b["type"] ?? throw ProviderRefusal.BadRequest(10021, $"Binding '{name}' has no type.");
            named.Add(name);
            if (type == "inherit")
            {
                var old = previous?.Bindings.FirstOrDefault(x => (string?)x["name"] == ((string?)b["old_name"] ?? name))
                    ?? throw ProviderRefusal.BadRequest(10021, $"Binding '{name}' cannot be inherited: the previous version has no binding of that name.");
                var copy = (JsonObject)old.DeepClone();
                copy["name"] = name;
                bindings.Add(copy);
                if (previous!.Secrets.TryGetValue((string?)b["old_name"] ?? name, out var secret)) secrets[name] = secret;
                continue;
            }
            var clone = (JsonObject)b.DeepClone();
            if (type is "secret_text" or "secret_key")
            {
                if ((string?)clone["text"] is { } text) secrets[name] = text;
                else if (previous?.Secrets.TryGetValue(name, out var old) == true) secrets[name] = old;
                clone.Remove("text");
            }
            bindings.Add(clone);
        }
        foreach (var old in previous?.Bindings ?? [])
        {
            if (old["name"] is not { } n || named.Contains((string)n!) || !keep.Contains((string?)old["type"] ?? "")) continue;
            bindings.Add((JsonObject)old.DeepClone());
            if (previous!.Secrets.TryGetValue((string)n!, out var secret)) secrets[(string)n!] = secret;
        }
        return (bindings, secrets);
    }

    private void ServeCurrent(bool propagate)
    {
        if (Current is not { } current) return;
        var served = current.Versions.Select(s => new ServedVersion(s.VersionId, Evaluate(Version(s.VersionId)!), s.Percentage)
        {
            AuthToken = Entry?.Auth is { } auth ? Version(s.VersionId)!.Secrets.GetValueOrDefault(auth) : null,
        }).ToList();
        var now = _estate.Now;
        var at = propagate ? _estate.Impose(IntervalKind.Propagation, $"Worker {Name}", _estate.Timings.WorkerPropagation) : now;
        Edge.Change(served, now, at);
    }

    private static List<JsonObject> Clone(IEnumerable<JsonObject> bindings) => [.. bindings.Select(b => (JsonObject)b.DeepClone())];

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> map, string key, string value)
        => new(map, StringComparer.Ordinal) { [key] = value };
}
