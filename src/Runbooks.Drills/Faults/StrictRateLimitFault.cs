using System.Globalization;
using System.Text.Json.Nodes;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>strict-rate-limit</c> (seed 003, Scenario 6, "Legitimate users getting 429s"): a rate-limit rule on the hostname
/// allows a tenth of the users' request rate (or <c>limit</c> requests per <c>period</c>), so most legitimate requests
/// get 429. Raising the rule's limit restores them. The runbook gets the rule's id as <c>rule</c>.
/// </summary>
public sealed class StrictRateLimitFault(int? limit, int period) : DrillFault
{
    private string? _ruleId;

    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override IReadOnlyList<string> ParamNames => ["rule"];

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        var host = site.Host ?? throw new Core.Errors.BadInputException($"Drill {site.Drill.Name}: a rate-limit rule lives in a zone; give the load a host (load: {{ host: route }}).");
        var allowed = limit ?? Math.Max(1, (int)(site.Drill.Load.Rate * period / 10));
        var model = site.Simulator.Model;
        lock (model.Gate)
        {
            var zone = model.Zones.First(z => z.Owns(host));
            _ruleId = StableIds.Hex("rule", zone.Name, host, "ratelimit");
            zone.Rulesets["http_ratelimit"] = new JsonObject
            {
                ["id"] = StableIds.Hex("ruleset", zone.Name, "http_ratelimit"), ["name"] = "default", ["kind"] = "zone", ["phase"] = "http_ratelimit", ["version"] = "1",
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["id"] = _ruleId, ["ref"] = _ruleId, ["version"] = "1", ["enabled"] = true, ["description"] = $"limit {host}",
                    ["expression"] = $"(http.host eq \"{host}\")", ["action"] = "block",
                    ["action_parameters"] = new JsonObject { ["response"] = new JsonObject { ["status_code"] = 429, ["content"] = "{\"error\":\"rate limited\"}", ["content_type"] = "application/json" } },
                    ["ratelimit"] = new JsonObject
                    {
                        ["characteristics"] = new JsonArray("cf.colo.id", "ip.src"), ["period"] = period, ["requests_per_period"] = allowed, ["mitigation_timeout"] = 0,
                    },
                    ["last_updated"] = model.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
                }),
            };
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookParams(DrillSite site)
        => new Dictionary<string, string> { ["rule"] = _ruleId ?? StableIds.Hex("rule", site.Estate.ZoneOf(site.Host!).Name, site.Host!, "ratelimit") };

    /// <inheritdoc />
    public override Task CleanUpAsync(DrillSite site, CancellationToken cancellation)
    {
        var model = site.Simulator.Model;
        lock (model.Gate) foreach (var zone in model.Zones) zone.Rulesets.Remove("http_ratelimit");
        return Task.CompletedTask;
    }
}
