using Runbooks.Drills.Environments;

namespace Runbooks.Drills.Faults;

/// <summary>
/// A bad release of a simulated service: the WireMock scenario that says what the service's edge serves is moved from its
/// healthy state to the bad one. The provider API still lists the bad release as current, so the runbook's rollback call
/// moves the scenario back, after the propagation delay the simulator was loaded with.
/// </summary>
public abstract class ServiceStateFault(string scenario, string healthyState, string badState) : DrillFault
{
    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override Task ArrangeAsync(DrillSite site, CancellationToken cancellation)
        => site.Simulator.Admin.SetScenarioStateAsync(scenario, healthyState, cancellation);

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
        => site.Simulator.Admin.SetScenarioStateAsync(scenario, badState, cancellation);
}
