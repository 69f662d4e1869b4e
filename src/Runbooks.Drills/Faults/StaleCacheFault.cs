using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>stale-cache</c> (seed 001, "CDN Cache Purge"): a broken release was served for a moment and a cache rule that also
/// caches error statuses kept its answers at the edge. The release is already rolled back, yet users of the hostname
/// still get the cached errors (<c>cf-cache-status: HIT</c>) until the cache is purged, by URL or everything.
/// </summary>
public sealed class StaleCacheFault(int status) : DrillFault
{
    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        var host = site.Host ?? throw new Core.Errors.BadInputException($"Drill {site.Drill.Name}: the stale-cache fault lives in a zone's cache; give the load a host (load: {{ host: route }}).");
        var model = site.Simulator.Model;
        var worker = site.Estate.Worker(site.ServiceName!);
        var paths = new[] { site.Drill.Load.Path ?? site.HealthPath ?? "/" }.Concat(worker.Critical).Append(worker.Health).Distinct(StringComparer.Ordinal);
        lock (model.Gate)
        {
            var zone = model.Zones.First(z => z.Owns(host));
            foreach (var path in paths)
                zone.Cache[SimulatedZone.CacheKey(host, path)] = new CachedAnswer(
                    new ServiceAnswer(status, $"{{\"error\":\"the release is broken\",\"service\":\"{site.ServiceName}\"}}", "application/json", TimeSpan.Zero, "cached-bad-release"),
                    model.Now);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task CleanUpAsync(DrillSite site, CancellationToken cancellation)
    {
        var model = site.Simulator.Model;
        lock (model.Gate) foreach (var zone in model.Zones) zone.Cache.Clear();
        return Task.CompletedTask;
    }
}
