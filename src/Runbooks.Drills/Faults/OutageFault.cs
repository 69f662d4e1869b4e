using System.Text.Json.Nodes;
using Runbooks.Drills.Environments;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>outage</c>, the calibration fault: the target service answers 503 from injection until exactly <c>duration</c> later,
/// driven from the harness's clock through WireMock's admin API (a webhook's delay drifts by 0.1-0.2 s), so the measured
/// outage can be compared with the injected one.
/// </summary>
public sealed class OutageFault(DrillFault healthy, TimeSpan duration) : DrillFault
{
    private Guid? _mapping;
    private long _injectedAt;

    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override TimeSpan? HealsAfter => duration;

    /// <inheritdoc />
    public override Task ArrangeAsync(DrillSite site, CancellationToken cancellation) => healthy.ArrangeAsync(site, cancellation);

    /// <inheritdoc />
    public override async Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        _mapping = await site.Simulator.Admin.AddMappingAsync(new JsonObject
        {
            ["name"] = "drill fault: outage",
            ["priority"] = 1,
            ["request"] = new JsonObject { ["method"] = "ANY", ["urlPathPattern"] = site.ServicePath + "(/.*)?" },
            ["response"] = new JsonObject { ["status"] = 503, ["body"] = "injected outage" },
        }, cancellation).ConfigureAwait(false);
        _injectedAt = site.Clock.Time.GetTimestamp();
    }

    /// <inheritdoc />
    public override async Task HealAsync(DrillSite site, CancellationToken cancellation)
    {
        if (_mapping is not { } id) return;
        await site.Simulator.Admin.RemoveMappingAsync(id, cancellation).ConfigureAwait(false);
        _mapping = null;
        // The outage is the provider's time, imposed by the drill: simulated, for exactly the duration the heal was timed to;
        // the heal call's own round trip after that is measured.
        site.Clock.Record(_injectedAt, _injectedAt + (long)(duration.TotalSeconds * site.Clock.Time.TimestampFrequency), "the injected outage");
    }

    /// <inheritdoc />
    public override async Task CleanUpAsync(DrillSite site, CancellationToken cancellation)
    {
        if (_mapping is { } id) await site.Simulator.Admin.RemoveMappingAsync(id, cancellation).ConfigureAwait(false);
        _mapping = null;
    }
}
