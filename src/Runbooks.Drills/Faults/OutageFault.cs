using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>outage</c>, the calibration fault: the target service answers 503 from injection until exactly <c>duration</c>
/// later, whatever is deployed, driven from the harness's clock, so the measured outage can be compared with the injected one.
/// </summary>
public sealed class OutageFault(TimeSpan duration) : DrillFault
{
    private ServiceEdge? _edge;
    private long _injectedAt;

    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override TimeSpan? HealsAfter => duration;

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        _edge = site.Simulator.Model.EdgeOf(site.ServiceKind, site.ServiceName ?? "")
            ?? throw new InvalidOperationException($"Drill {site.Drill.Name}: the simulator has no service {site.ServiceName}.");
        _edge.Override(ServiceBehaviour.Failing(1, 503, "injected outage"));
        _injectedAt = site.Clock.Time.GetTimestamp();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task HealAsync(DrillSite site, CancellationToken cancellation)
    {
        if (_edge is null) return Task.CompletedTask;
        _edge.Override(null);
        _edge = null;
        // The outage is the provider's time, imposed by the drill: simulated, for exactly the duration the heal was timed to;
        // the heal call's own moment after that is measured.
        site.Clock.Record(_injectedAt, _injectedAt + (long)(duration.TotalSeconds * site.Clock.Time.TimestampFrequency), "the injected outage");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task CleanUpAsync(DrillSite site, CancellationToken cancellation)
    {
        _edge?.Override(null);
        _edge = null;
        return Task.CompletedTask;
    }
}
