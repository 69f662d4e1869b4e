using System.Globalization;
using System.Text.RegularExpressions;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// How an uploaded Worker module will answer, read from its source: a <c>// runbooks-sim: failing 0.3 500</c>,
/// <c>// runbooks-sim: slow 800ms</c>, <c>// runbooks-sim: maintenance</c> or <c>// runbooks-sim: healthy</c> comment
/// (what a drill's generated module carries beside the code that really does it, so the same module works in staging),
/// else a module whose responses are all 503 is a maintenance page, else it is healthy.
/// </summary>
public static partial class ModuleBehaviour
{
    [GeneratedRegex(@"//\s*runbooks-sim:\s*(?<kind>healthy|failing|slow|maintenance)(\s+(?<a>[0-9.]+)(?<unit>ms|s)?)?(\s+(?<b>[0-9]{3}))?", RegexOptions.IgnoreCase)]
    private static partial Regex Directive();

    [GeneratedRegex(@"status\s*:\s*(?<status>[0-9]{3})")]
    private static partial Regex StatusLiteral();

    /// <summary>How a module with <paramref name="source"/> answers.</summary>
    public static ServiceBehaviour Of(string source)
    {
        if (Directive().Match(source) is { Success: true } d)
        {
            var a = d.Groups["a"].Success ? double.Parse(d.Groups["a"].Value, CultureInfo.InvariantCulture) : (double?)null;
            switch (d.Groups["kind"].Value.ToLowerInvariant())
            {
                case "failing":
                    return ServiceBehaviour.Failing(Math.Clamp(a ?? 1, 0, 1), d.Groups["b"].Success ? int.Parse(d.Groups["b"].Value, CultureInfo.InvariantCulture) : 500);
                case "slow":
                    return ServiceBehaviour.Slow(d.Groups["unit"].Value == "s" ? TimeSpan.FromSeconds(a ?? 1) : TimeSpan.FromMilliseconds(a ?? 1000));
                case "maintenance":
                    return ServiceBehaviour.Maintenance;
                default:
                    return ServiceBehaviour.Healthy;
            }
        }
        var statuses = StatusLiteral().Matches(source).Select(m => int.Parse(m.Groups["status"].Value, CultureInfo.InvariantCulture)).Distinct().ToList();
        if (statuses.Count > 0 && statuses.All(s => s == 503)) return ServiceBehaviour.Maintenance;
        if (statuses.Count > 0 && statuses.All(s => s >= 500)) return ServiceBehaviour.Failing(1, statuses[0]);
        return ServiceBehaviour.Healthy;
    }

    /// <summary>A small ES module that really answers as <paramref name="behaviour"/>, with the directive that tells the simulator so.</summary>
    public static string ModuleFor(ServiceBehaviour behaviour) => behaviour.Kind switch
    {
        BehaviourKind.Failing => $$"""
            // runbooks-sim: failing {{behaviour.FailShare.ToString(CultureInfo.InvariantCulture)}} {{behaviour.Status}}
            let n = 0;
            export default { async fetch() {
              n++;
              const fail = Math.floor(n * {{behaviour.FailShare.ToString(CultureInfo.InvariantCulture)}}) > Math.floor((n - 1) * {{behaviour.FailShare.ToString(CultureInfo.InvariantCulture)}});
              return fail ? Response.json({ error: "drill: injected failure" }, { status: {{behaviour.Status}} }) : Response.json({ status: "ok" });
            } };
            """,
        BehaviourKind.Slow => $$"""
            // runbooks-sim: slow {{behaviour.Latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}}ms
            export default { async fetch() {
              await new Promise(r => setTimeout(r, {{behaviour.Latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}}));
              return Response.json({ status: "ok" });
            } };
            """,
        BehaviourKind.Maintenance => """
            // runbooks-sim: maintenance
            export default { fetch() { return new Response("Down for maintenance", { status: 503, headers: { "Retry-After": "120" } }); } };
            """,
        _ => """
            // runbooks-sim: healthy
            export default { fetch() { return Response.json({ status: "ok" }); } };
            """,
    };
}
