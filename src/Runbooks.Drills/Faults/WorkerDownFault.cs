using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>worker-down</c> (seed 002 "DNS failover", seed 001 emergency routing): the Worker fails whatever version it runs
/// (its region or a dependency only it uses is down), so no rollback mends it. A standby Worker, deployed beforehand
/// from the last good build as seed 001 deploys <c>pitchey-emergency</c>, is healthy; moving the hostname's route or
/// record to it restores users. The runbook gets the standby's name as <c>standby</c>.
/// </summary>
public sealed class WorkerDownFault(string? standby) : DrillFault
{
    private ServiceEdge? _edge;

    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override IReadOnlyList<string> ParamNames => ["standby"];

    /// <summary>The standby's name: the fault's setting, else the Worker's name and <c>-emergency</c>.</summary>
    public string StandbyOf(DrillSite site) => standby ?? site.ServiceName + "-emergency";

    /// <inheritdoc />
    public override Task ArrangeAsync(DrillSite site, CancellationToken cancellation)
    {
        var model = site.Simulator.Model;
        lock (model.Gate)
        {
            if (model.Worker(StandbyOf(site)) is not null) return Task.CompletedTask;
            model.CreateWorker(StandbyOf(site)).Seed();
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        _edge = site.Simulator.Model.Worker(site.ServiceName!)?.Edge ?? throw new InvalidOperationException($"The simulator has no Worker {site.ServiceName}.");
        _edge.Override(ServiceBehaviour.Failing(1, 503, "the Worker's region is down"));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookParams(DrillSite site) => new Dictionary<string, string> { ["standby"] = StandbyOf(site) };

    /// <inheritdoc />
    public override Task CleanUpAsync(DrillSite site, CancellationToken cancellation)
    {
        _edge?.Override(null);
        _edge = null;
        return Task.CompletedTask;
    }
}
