using System.Text.Json.Nodes;
using Runbooks.Core.Estates;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// One simulated zone: its DNS records, Workers routes, phase rulesets (redirect and rate-limit rules) and the cache
/// purges it received. Records and rules are kept as the API shapes them: the model's job here is to remember them and
/// apply every change exactly as asked.
/// </summary>
public sealed class SimulatedZone
{
    internal SimulatedZone(EstateZone entry) => Entry = entry;

    /// <summary>The estate's entry.</summary>
    public EstateZone Entry { get; }

    /// <summary>The zone id.</summary>
    public string Id => Entry.Id;

    /// <summary>The domain.</summary>
    public string Name => Entry.Name;

    /// <summary>DNS records, in creation order.</summary>
    public List<JsonObject> DnsRecords { get; } = [];

    /// <summary>Workers routes.</summary>
    public List<JsonObject> Routes { get; } = [];

    /// <summary>Phase entrypoint rulesets, by phase; a phase never written has none (404 10003).</summary>
    public Dictionary<string, JsonObject> Rulesets { get; } = new(StringComparer.Ordinal);

    /// <summary>Every purge, oldest first.</summary>
    public List<CachePurge> Purges { get; } = [];

    internal void Seed(IEnumerable<SimulatedWorker> workers, DateTimeOffset now)
    {
        var created = (now - TimeSpan.FromDays(30)).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        DnsRecords.Add(Record(StableIds.Hex("dns", Name, "apex"), "A", Name, "192.0.2.10", created));
        DnsRecords.Add(Record(StableIds.Hex("dns", Name, "www"), "CNAME", "www." + Name, Name, created));
        foreach (var w in workers)
            Routes.Add(new JsonObject { ["id"] = StableIds.Hex("route", Name, w.Name), ["pattern"] = $"{w.Name}.{Name}/*", ["script"] = w.Name });
    }

    private static JsonObject Record(string id, string type, string name, string content, string created) => new()
    {
        ["id"] = id, ["type"] = type, ["name"] = name, ["content"] = content, ["proxiable"] = true, ["proxied"] = true, ["ttl"] = 1,
        ["comment"] = null, ["tags"] = new JsonArray(), ["settings"] = new JsonObject(), ["meta"] = new JsonObject(),
        ["created_on"] = created, ["modified_on"] = created,
    };
}
