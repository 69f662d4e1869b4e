using Runbooks.Drills.Environments;
using Runbooks.Drills.Faults;

namespace Runbooks.Tests.Drills.Harness;

/// <summary>Breaks the fake service; with <paramref name="healsAfter"/> (drill time) heals it itself, as the calibration outage does.</summary>
internal sealed class FakeFault(FakeService service, TimeSpan? healsAfter = null) : DrillFault
{
    private long _brokenAt;

    public bool Injected { get; private set; }

    public override TimeSpan? HealsAfter => healsAfter;

    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        service.Break();
        Injected = true;
        _brokenAt = site.Clock.Time.GetTimestamp();
        return Task.CompletedTask;
    }

    public override Task HealAsync(DrillSite site, CancellationToken cancellation)
    {
        service.FixAt(service.Elapsed);
        site.Clock.Record(_brokenAt, site.Clock.Time.GetTimestamp(), "the injected outage");
        return Task.CompletedTask;
    }
}
