using System.Globalization;
using Runbooks.Core.Estates;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// One simulated Pages project: its deployments, the one production serves (the canonical deployment), rollback and
/// retry as Pages does them, and the edge that serves the canonical deployment once a change has propagated.
/// </summary>
public sealed class SimulatedPagesProject
{
    private readonly SimulatedEstate _estate;
    private readonly List<PagesDeployment> _deployments = [];

    internal SimulatedPagesProject(SimulatedEstate estate, EstatePagesProject entry)
    {
        _estate = estate;
        Entry = entry;
        Edge = new ServiceEdge(entry.Name);
    }

    /// <summary>The project name.</summary>
    public string Name => Entry.Name;

    /// <summary>The estate's entry.</summary>
    public EstatePagesProject Entry { get; }

    /// <summary>What its edge serves.</summary>
    public ServiceEdge Edge { get; }

    /// <summary>Every deployment, oldest first.</summary>
    public IReadOnlyList<PagesDeployment> Deployments => _deployments;

    /// <summary>The deployment production serves, as the API says.</summary>
    public PagesDeployment Canonical { get; private set; } = null!;

    /// <summary>The deployment with <paramref name="id"/>, or null.</summary>
    public PagesDeployment? Deployment(string id) => _deployments.FirstOrDefault(d => d.Id == id);

    internal void Seed()
    {
        for (var n = 1; n <= 2; n++)
            _deployments.Add(new PagesDeployment(StableIds.Uuid("pages-deployment", Name, n.ToString(CultureInfo.InvariantCulture)),
                _estate.UtcNow - TimeSpan.FromDays(3 - n), "production", ServiceBehaviour.Healthy, "github:push", StableIds.Hex("commit", Name, n.ToString(CultureInfo.InvariantCulture))[..12], "main"));
        Serve(_deployments[^1], propagate: false);
    }

    /// <summary>A new production deployment built from a push, serving at once (how a bad release arrives).</summary>
    public PagesDeployment Push(ServiceBehaviour behaviour)
    {
        var deployment = new PagesDeployment(StableIds.NewUuid(), _estate.UtcNow, "production", behaviour, "github:push", StableIds.Hex(StableIds.NewUuid())[..12], "main");
        _deployments.Add(deployment);
        Serve(deployment, propagate: false);
        return deployment;
    }

    /// <summary>CF-8: production serves <paramref name="id"/> again; only a successful production deployment is eligible.</summary>
    public PagesDeployment Rollback(string id)
    {
        var target = Deployment(id) ?? throw new ProviderRefusal(404, "8000007", "Could not find deployment. Please check the deployment ID and try again.");
        if (target.Environment != "production")
            throw ProviderRefusal.BadRequest(8000034, "You can only rollback to a previous production deployment.");
        Serve(target, propagate: true);
        return target;
    }

    /// <summary>CF-24: a new deployment of the same commit; a production one serves once it has propagated.</summary>
    public PagesDeployment Retry(string id)
    {
        var source = Deployment(id) ?? throw new ProviderRefusal(404, "8000007", "Could not find deployment. Please check the deployment ID and try again.");
        var retry = source with { Id = StableIds.NewUuid(), CreatedOn = _estate.UtcNow, Trigger = "ad_hoc", RetryOf = source.Id };
        _deployments.Add(retry);
        if (retry.Environment == "production") Serve(retry, propagate: true);
        return retry;
    }

    private void Serve(PagesDeployment deployment, bool propagate)
    {
        Canonical = deployment;
        var now = _estate.Now;
        var at = propagate ? _estate.Impose(IntervalKind.Propagation, $"Pages project {Name}", _estate.Timings.PagesPropagation) : now;
        Edge.Change([new ServedVersion(deployment.Id, deployment.Behaviour)], now, at);
    }
}
