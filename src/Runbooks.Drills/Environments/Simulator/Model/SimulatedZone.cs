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

    /// <summary>What the edge cache holds, by <c>host/path</c> (no query): served as a <c>HIT</c> until a purge names it.</summary>
    public Dictionary<string, CachedAnswer> Cache { get; } = new(StringComparer.Ordinal);

    /// <summary>Each rate-limit rule's counting window, by rule id and limit (a changed limit counts afresh).</summary>
    internal Dictionary<string, RateWindow> RateWindows { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="host"/> is this zone's domain or below it.</summary>
    public bool Owns(string host) => host == Name || host.EndsWith("." + Name, StringComparison.Ordinal);

    /// <summary>The cache key of <paramref name="host"/> and <paramref name="path"/>.</summary>
    public static string CacheKey(string host, string path) => host + (path.StartsWith('/') ? path : "/" + path);

    /// <summary>
    /// Applies a purge (already validated) to the cache: everything; <c>files</c> by URL (the simulator's own host URLs,
    /// <c>.../sim/hosts/HOST/path</c>, name the same entries as <c>https://HOST/path</c>); <c>hosts</c>; <c>prefixes</c>
    /// (<c>host/path</c>). Tags match nothing: the simulated origin sets no <c>Cache-Tag</c>. Returns how many entries went.
    /// </summary>
    public int Purge(JsonObject request, long at)
    {
        Purges.Add(new CachePurge(at, (JsonObject)request.DeepClone()));
        var before = Cache.Count;
        if (request["purge_everything"] is not null) Cache.Clear();
        foreach (var file in Items(request, "files")) Cache.Remove(KeyOfUrl(file));
        foreach (var host in Items(request, "hosts"))
            foreach (var key in Cache.Keys.Where(k => k.StartsWith(host + "/", StringComparison.Ordinal)).ToList()) Cache.Remove(key);
        foreach (var prefix in Items(request, "prefixes"))
            foreach (var key in Cache.Keys.Where(k => k.StartsWith(prefix.Replace("https://", "").Replace("http://", ""), StringComparison.Ordinal)).ToList()) Cache.Remove(key);
        return before - Cache.Count;
    }

    private static IEnumerable<string> Items(JsonObject request, string key)
        => request[key] is JsonArray items ? items.Select(i => i is JsonValue v && v.TryGetValue<string>(out var s) ? s : (string?)i?["url"]).OfType<string>() : [];

    private static string KeyOfUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return url;
        const string simulated = "/sim/hosts/";
        var path = uri.AbsolutePath;
        if (path.StartsWith(simulated, StringComparison.Ordinal))
        {
            var rest = path[simulated.Length..];
            var slash = rest.IndexOf('/');
            return slash < 0 ? rest + "/" : rest;
        }
        return uri.Host + path;
    }

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
