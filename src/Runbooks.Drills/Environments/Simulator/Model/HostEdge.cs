using System.Globalization;
using System.Text.Json.Nodes;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// What a hostname in one of the estate's zones answers, in the order Cloudflare's edge applies it: rate-limit rules
/// (phase <c>http_ratelimit</c>), single redirects (<c>http_request_dynamic_redirect</c>), the edge cache, a Workers
/// route, then the DNS record (a proxied CNAME to a Worker, Pages or Vercel host, or an A record's origin). So a runbook
/// that edits a rule, a route or a record, or purges the cache, changes what users of the host get, exactly as far as
/// the change goes. Resolving takes the model's lock for a moment; the service's own answer does not.
/// </summary>
public sealed class HostEdge(SimulatedEstate model)
{
    /// <summary>Answers one request for <paramref name="host"/> at <paramref name="path"/>.</summary>
    public ServiceAnswer Answer(string host, string path, string? bearer = null)
    {
        ServiceEdge? origin;
        string servedBy;
        lock (model.Gate)
        {
            var now = model.Now;
            var zone = model.Zones.FirstOrDefault(z => z.Owns(host));
            if (zone is null) return Error(530, "1001", $"DNS resolution error: {host} is in none of the estate's zones");
            if (RateLimited(zone, host, path, now) is { } limited) return limited;
            if (Redirect(zone, host, path) is { } redirect) return redirect;
            if (zone.Cache.TryGetValue(SimulatedZone.CacheKey(host, path), out var cached))
            {
                var age = (long)((now - cached.StoredAt) / (double)model.Clock.Time.TimestampFrequency);
                return cached.Answer.WithHeader("cf-cache-status", "HIT").WithHeader("age", Math.Max(0, age).ToString(CultureInfo.InvariantCulture));
            }
            (origin, servedBy) = Origin(zone, host, path);
            if (origin is null) return Error(530, "1016", $"Origin DNS error: {servedBy}");
        }
        return origin.Answer(path, model.Now, bearer).WithHeader("cf-cache-status", "DYNAMIC").WithHeader("x-served-by", servedBy);
    }

    private ServiceAnswer? RateLimited(SimulatedZone zone, string host, string path, long now)
    {
        if (!zone.Rulesets.TryGetValue("http_ratelimit", out var ruleset)) return null;
        var frequency = model.Clock.Time.TimestampFrequency;
        foreach (var rule in Rules(ruleset))
        {
            if (rule["ratelimit"] is not JsonObject limit || !RuleExpression.Matches((string?)rule["expression"], host, path)) continue;
            var perPeriod = Number(limit["requests_per_period"]);
            var period = Math.Max(1, Number(limit["period"]));
            var key = $"{rule["id"]}/{perPeriod}/{period}";
            if (!zone.RateWindows.TryGetValue(key, out var window)) zone.RateWindows[key] = window = new RateWindow { Start = now };
            // A rate is per second of the users' own time, which a drill's time scale does not compress: the window is real
            // seconds, so the share limited is the same at every scale. The mitigation is a duration, and is scaled.
            if (now - window.Start >= period * frequency) (window.Start, window.Count) = (now, 0);
            window.Count++;
            if (window.Count > perPeriod && window.BlockedUntil <= now)
                window.BlockedUntil = now + (long)(model.Clock.Scale.ToDrill(TimeSpan.FromSeconds(Number(limit["mitigation_timeout"]))).TotalSeconds * frequency);
            var blocked = window.Count > perPeriod || window.BlockedUntil > now;
            if (!blocked || (string?)rule["action"] == "log") continue;
            var response = rule["action_parameters"]?["response"];
            var status = response?["status_code"] is { } s ? (int)Number(s) : 429;
            return new ServiceAnswer(status, (string?)response?["content"] ?? "error code: 1015", (string?)response?["content_type"] ?? "text/plain",
                TimeSpan.Zero, "edge", Math.Max(1, (int)period), new Dictionary<string, string> { ["cf-mitigated"] = "ratelimit", ["x-rule-id"] = (string?)rule["id"] ?? "" });
        }
        return null;
    }

    private static ServiceAnswer? Redirect(SimulatedZone zone, string host, string path)
    {
        if (!zone.Rulesets.TryGetValue("http_request_dynamic_redirect", out var ruleset)) return null;
        foreach (var rule in Rules(ruleset))
        {
            if ((string?)rule["action"] != "redirect" || !RuleExpression.Matches((string?)rule["expression"], host, path)) continue;
            var from = rule["action_parameters"]?["from_value"];
            var target = (string?)from?["target_url"]?["value"];
            if (target is null) continue; // a dynamic target expression is outside the simulated subset
            var status = from?["status_code"] is { } s ? (int)Number(s) : 301;
            return new ServiceAnswer(status, "", "text/html", TimeSpan.Zero, "edge", Headers: new Dictionary<string, string> { ["Location"] = target });
        }
        return null;
    }

    private (ServiceEdge? Edge, string ServedBy) Origin(SimulatedZone zone, string host, string path)
    {
        var route = zone.Routes.FirstOrDefault(r => Glob((string?)r["pattern"] ?? "", host + path) && r["script"] is not null);
        if (route is not null)
        {
            var script = (string)route["script"]!;
            return (model.Worker(script)?.Edge, script);
        }
        var record = zone.DnsRecords.FirstOrDefault(r => (string?)r["name"] == host && (string?)r["type"] is "CNAME" or "A" or "AAAA");
        if (record is null) return (null, $"no DNS record for {host}");
        var content = (string?)record["content"] ?? "";
        if ((string?)record["type"] != "CNAME") return (null, $"{host} points at {content}, an origin outside the estate");
        var edge = ByHostName(content);
        return edge is null ? (null, $"{host} is a CNAME to {content}, which no service of the estate answers") : (edge, content);
    }

    // The service a CNAME target names: a Worker's workers.dev host, a Pages project's pages.dev host, or any service's
    // own URL host in the estate file.
    private ServiceEdge? ByHostName(string target)
    {
        foreach (var w in model.Workers)
            if (target.StartsWith(w.Name + ".", StringComparison.Ordinal) && target.EndsWith(".workers.dev", StringComparison.Ordinal) || HostOf(w.Entry?.Url) == target)
                return w.Edge;
        foreach (var p in model.PagesProjects)
            if (target == p.Name + ".pages.dev" || HostOf(p.Entry.Url) == target) return p.Edge;
        foreach (var v in model.VercelProjects)
            if (HostOf(v.Entry.Url) == target || target == v.Name + ".vercel.app") return v.Edge;
        return null;
    }

    private static string? HostOf(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host : null;

    private static IEnumerable<JsonObject> Rules(JsonObject ruleset)
        => (ruleset["rules"] as JsonArray ?? []).OfType<JsonObject>().Where(r => r["enabled"] is not JsonValue e || !e.TryGetValue<bool>(out var on) || on);

    // A Workers route pattern: '*' matches any run of characters; the pattern covers host and path.
    private static bool Glob(string pattern, string text)
    {
        var regex = "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(text, regex);
    }

    private static double Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;

    private static ServiceAnswer Error(int status, string code, string text)
        => new(status, $"error code: {code} ({text})", "text/plain", TimeSpan.Zero, "edge");
}
