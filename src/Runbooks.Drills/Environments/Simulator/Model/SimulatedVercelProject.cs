using System.Globalization;
using Runbooks.Core.Estates;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// One simulated Vercel project: its deployments, its env vars, which deployment production serves, and the alias jobs
/// and builds that change it on Vercel's own time. An instant rollback keeps the old build's env; a redeploy builds with
/// the env as it is now, which is how a kill-switch change reaches the app.
/// </summary>
public sealed class SimulatedVercelProject
{
    private readonly SimulatedEstate _estate;
    private readonly List<VercelDeployment> _deployments = [];
    private readonly List<VercelEnvVar> _env = [];
    private readonly Dictionary<string, string> _breaking = new(StringComparer.Ordinal);
    private string _production = "";
    private bool _failNextAliasJob;

    internal SimulatedVercelProject(SimulatedEstate estate, EstateVercelProject entry)
    {
        _estate = estate;
        Entry = entry;
        Edge = new ServiceEdge(entry.Name);
    }

    /// <summary>The project name.</summary>
    public string Name => Entry.Name;

    /// <summary>The project id.</summary>
    public string Id => Entry.Id;

    /// <summary>The estate's entry.</summary>
    public EstateVercelProject Entry { get; }

    /// <summary>What the app serves.</summary>
    public ServiceEdge Edge { get; }

    /// <summary>Every deployment, oldest first.</summary>
    public IReadOnlyList<VercelDeployment> Deployments => _deployments;

    /// <summary>The env vars.</summary>
    public IReadOnlyList<VercelEnvVar> Env => _env;

    /// <summary>The last rollback or promote, if any.</summary>
    public VercelAliasRequest? LastAliasRequest { get; private set; }

    /// <summary>The production domain (<c>project.vercel.app</c>).</summary>
    public string ProductionDomain => $"{Name}.vercel.app";

    /// <summary>The deployment production serves at <paramref name="now"/> (an alias job or build that has ended has moved it).</summary>
    public VercelDeployment Production(long now)
    {
        Settle(now);
        return Deployment(_production)!;
    }

    /// <summary>The deployment with <paramref name="idOrUrl"/> as its id or URL, or null.</summary>
    public VercelDeployment? Deployment(string idOrUrl)
    {
        var host = idOrUrl.Replace("https://", "", StringComparison.Ordinal).TrimEnd('/');
        return _deployments.FirstOrDefault(d => d.Id == idOrUrl || d.Url == host);
    }

    internal void Seed()
    {
        var now = _estate.Now;
        // The app's own fault switch is part of its code, so every build with it set fails, as the real app would.
        if (Entry.FaultFlag is { } flag) BreakWhen(flag.Key, flag.Value);
        foreach (var (k, v) in Entry.Env)
            _env.Add(new VercelEnvVar(StableIds.Vercel("env_", Name, k)[..20], k, v, "encrypted", ["production", "preview"], null,
                _estate.UtcNow - TimeSpan.FromDays(30), _estate.UtcNow - TimeSpan.FromDays(30)));
        for (var n = 1; n <= 2; n++)
        {
            var id = StableIds.Vercel("dpl_", Name, n.ToString(CultureInfo.InvariantCulture));
            _deployments.Add(new VercelDeployment(id, $"{Name}-{id[4..13].ToLowerInvariant()}.vercel.app", _estate.UtcNow - TimeSpan.FromDays(3 - n), "production",
                ServiceBehaviour.Healthy, ProductionEnv(), now, new Dictionary<string, string>()));
        }
        _production = _deployments[^1].Id;
        Serve(now, now);
    }

    /// <summary>A new production deployment, READY and serving at once (how a bad release arrives).</summary>
    public VercelDeployment Push(ServiceBehaviour behaviour)
    {
        var now = _estate.Now;
        Settle(now);
        var deployment = NewDeployment("production", behaviour, now, new Dictionary<string, string> { ["githubCommitRef"] = "main" });
        _production = deployment.Id;
        Serve(now, now);
        return deployment;
    }

    /// <summary>
    /// From now on a build whose env has <paramref name="key"/> = <paramref name="value"/> fails (a runaway job, a bad
    /// integration): the kill switch is the cure, and only a build made after it is turned off has it off.
    /// </summary>
    public void BreakWhen(string key, string value) => _breaking[key] = value;

    /// <summary>How <paramref name="deployment"/> answers: its code's behaviour, unless it was built with an env value that breaks it.</summary>
    public ServiceBehaviour Evaluate(VercelDeployment deployment)
    {
        foreach (var (key, value) in _breaking)
            if (deployment.Env.GetValueOrDefault(key) == value && !deployment.Behaviour.Fails)
                return ServiceBehaviour.Failing(1, 500, $"{key}={value}: the job it enables is failing every request");
        return deployment.Behaviour;
    }

    /// <summary>Makes the next rollback's or promote's alias job fail.</summary>
    public void FailNextAliasJob() => _failNextAliasJob = true;

    /// <summary>V-4 (<paramref name="type"/> rollback) or V-5 (promote): production moves to <paramref name="deploymentId"/> when the alias job ends.</summary>
    public VercelAliasRequest RequestAlias(string deploymentId, string type)
    {
        var now = _estate.Now;
        Settle(now);
        var target = Deployment(deploymentId) ?? throw ProviderRefusal.NotFound("deployment", deploymentId);
        if (target.ReadyState(now) != "READY")
            throw new ProviderRefusal(422, "deployment_not_ready", $"The deployment {deploymentId} is not ready.");
        if (LastAliasRequest is { } pending && pending.JobStatus(now) == "in-progress")
            throw new ProviderRefusal(409, "conflict", "A rollback or promote is already in progress for this project.");
        if (type == "rollback" && target.Id == _production)
            throw new ProviderRefusal(409, "conflict", $"The deployment {deploymentId} is already the current production deployment.");
        var end = _estate.Impose(IntervalKind.AliasJob, $"Vercel project {Name}", _estate.Timings.VercelAliasJob);
        LastAliasRequest = new VercelAliasRequest(type, _production, target.Id, _estate.UtcNow, end, _failNextAliasJob);
        _failNextAliasJob = false;
        if (!LastAliasRequest.Fails) Edge.Change([Served(target)], now, end);
        return LastAliasRequest;
    }

    /// <summary>V-11: a new build of <paramref name="sourceId"/> with today's env; a production one serves once its build ends.</summary>
    public VercelDeployment Redeploy(string sourceId, string? target, IReadOnlyDictionary<string, string> meta)
    {
        var now = _estate.Now;
        Settle(now);
        var source = Deployment(sourceId) ?? throw ProviderRefusal.NotFound("deployment", sourceId);
        var ready = _estate.Impose(IntervalKind.Build, $"Vercel project {Name}", _estate.Timings.VercelBuild);
        var deployment = NewDeployment(target, source.Behaviour, ready, meta);
        if (target == "production") Edge.Change([Served(deployment)], now, ready);
        return deployment;
    }

    /// <summary>Aliases assigned by hand, by hostname.</summary>
    public IReadOnlyList<VercelAlias> Aliases => _aliases;

    private readonly List<VercelAlias> _aliases = [];

    /// <summary>V-14: points <paramref name="alias"/> at <paramref name="deploymentId"/>; returns the alias and the deployment it pointed at before.</summary>
    public (VercelAlias Alias, string? OldDeploymentId) AssignAlias(string deploymentId, string alias)
    {
        var deployment = Deployment(deploymentId) ?? throw ProviderRefusal.NotFound("deployment", deploymentId);
        var old = _aliases.FirstOrDefault(a => a.Alias == alias);
        if (old is not null) _aliases.Remove(old);
        var created = new VercelAlias(old?.Uid ?? StableIds.Vercel("", alias, StableIds.NewUuid()), alias, deployment.Id, _estate.UtcNow);
        _aliases.Add(created);
        return (created, old?.DeploymentId);
    }

    /// <summary>V-15: removes an alias by id.</summary>
    public VercelAlias RemoveAlias(string uid)
    {
        var alias = _aliases.FirstOrDefault(a => a.Uid == uid || a.Alias == uid) ?? throw ProviderRefusal.NotFound("alias", uid);
        _aliases.Remove(alias);
        return alias;
    }

    /// <summary>V-8: adds (or with <paramref name="upsert"/>, replaces) an env var for its key and targets.</summary>
    public VercelEnvVar AddEnv(string key, string value, string type, IReadOnlyList<string> targets, string? comment, bool upsert)
    {
        var existing = _env.FirstOrDefault(e => e.Key == key && e.Targets.Intersect(targets).Any());
        if (existing is not null && !upsert)
            throw new ProviderRefusal(400, "ENV_ALREADY_EXISTS", $"A variable with the name `{key}` already exists for the target {string.Join(",", targets)} on branch undefined");
        if (existing is not null) _env.Remove(existing);
        var created = new VercelEnvVar(existing?.Id ?? StableIds.Vercel("env_", Name, key, StableIds.NewUuid())[..20], key, value, type, targets, comment,
            existing?.CreatedAt ?? _estate.UtcNow, _estate.UtcNow);
        _env.Add(created);
        return created;
    }

    /// <summary>V-9: edits an env var.</summary>
    public VercelEnvVar EditEnv(string id, string? key, string? value, string? type, IReadOnlyList<string>? targets, string? comment)
    {
        var existing = _env.FirstOrDefault(e => e.Id == id) ?? throw ProviderRefusal.NotFound("environment variable", id);
        var edited = existing with
        {
            Key = key ?? existing.Key, Value = value ?? existing.Value, Type = type ?? existing.Type, Targets = targets ?? existing.Targets,
            Comment = comment ?? existing.Comment, UpdatedAt = _estate.UtcNow,
        };
        _env[_env.IndexOf(existing)] = edited;
        return edited;
    }

    /// <summary>V-10: removes an env var.</summary>
    public VercelEnvVar RemoveEnv(string id)
    {
        var existing = _env.FirstOrDefault(e => e.Id == id) ?? throw ProviderRefusal.NotFound("environment variable", id);
        _env.Remove(existing);
        return existing;
    }

    private VercelDeployment NewDeployment(string? target, ServiceBehaviour behaviour, long ready, IReadOnlyDictionary<string, string> meta)
    {
        var id = StableIds.Vercel("dpl_", Name, StableIds.NewUuid());
        var deployment = new VercelDeployment(id, $"{Name}-{id[4..13].ToLowerInvariant()}.vercel.app", _estate.UtcNow, target, behaviour,
            target == "production" ? ProductionEnv() : new Dictionary<string, string>(), ready, meta);
        _deployments.Add(deployment);
        return deployment;
    }

    private Dictionary<string, string> ProductionEnv()
        => _env.Where(e => e.Targets.Contains("production")).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    // Alias jobs and production builds move production when they end; reads settle them first.
    private void Settle(long now)
    {
        if (LastAliasRequest is { } job && job.JobStatus(now) == "succeeded" && job.EndTimestamp > _settledAt)
        {
            _production = job.ToDeploymentId;
            _settledAt = job.EndTimestamp;
        }
        foreach (var d in _deployments.Where(d => d.Target == "production" && d.ReadyTimestamp <= now && d.ReadyTimestamp > _settledAt).OrderBy(d => d.ReadyTimestamp).ToList())
        {
            _production = d.Id;
            _settledAt = d.ReadyTimestamp;
        }
    }

    private long _settledAt = long.MinValue;

    private void Serve(long now, long at) => Edge.Change([Served(Deployment(_production)!)], now, at);

    // What the app shows besides status and version: the estate's own env keys, as this build saw them (kill switches).
    private ServedVersion Served(VercelDeployment d)
        => new(d.Id, Evaluate(d), 100, Entry.Env.Keys.ToDictionary(k => k, k => d.Env.GetValueOrDefault(k) ?? "", StringComparer.Ordinal));
}
