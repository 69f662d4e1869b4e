using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>
/// The zone part of the simulated Cloudflare API: every cache purge variant (CF-9), DNS records (CF-15), Workers routes
/// (CF-16) and phase rulesets with single-rule operations (CF-18..CF-20: redirect and rate-limit rules).
/// </summary>
internal sealed class CloudflareZonesRoutes(SimulatedEstate model)
{
    private const string Zone = "/zones/{zone}";
    private static readonly string[] PurgeFlavours = ["purge_everything", "files", "tags", "hosts", "prefixes"];

    public void MapInto(RouteTable t) => t
        .Map("GET", "/zones", (r, v) => CloudflareEnvelope.Page([.. model.Zones.Where(z => r.QueryValue("name") is not { } n || z.Name == n)
            .Select(z => (JsonNode)ZoneJson(z))], r))
        .Map("GET", Zone, (r, v) => CloudflareEnvelope.Ok(ZoneJson(ZoneOf(v))))
        .Map("POST", Zone + "/purge_cache", Purge)
        .Map("DELETE", Zone + "/purge_cache", Purge)
        .Map("GET", Zone + "/dns_records", ListDns)
        .Map("POST", Zone + "/dns_records", (r, v) => CloudflareEnvelope.Ok(CreateDns(ZoneOf(v), r.JsonObject())))
        .Map("GET", Zone + "/dns_records/{record}", (r, v) => CloudflareEnvelope.Ok(Record(ZoneOf(v), v["record"]).DeepClone()))
        .Map("PUT", Zone + "/dns_records/{record}", (r, v) => CloudflareEnvelope.Ok(EditDns(ZoneOf(v), v["record"], r.JsonObject(), replace: true)))
        .Map("PATCH", Zone + "/dns_records/{record}", (r, v) => CloudflareEnvelope.Ok(EditDns(ZoneOf(v), v["record"], r.JsonObject(), replace: false)))
        .Map("DELETE", Zone + "/dns_records/{record}", (r, v) =>
        {
            var zone = ZoneOf(v);
            zone.DnsRecords.Remove(Record(zone, v["record"]));
            return CloudflareEnvelope.Ok(new JsonObject { ["id"] = v["record"] });
        })
        .Map("GET", Zone + "/workers/routes", (r, v) => CloudflareEnvelope.Ok(new JsonArray([.. ZoneOf(v).Routes.Select(x => x.DeepClone())])))
        .Map("POST", Zone + "/workers/routes", (r, v) => CloudflareEnvelope.Ok(CreateRoute(ZoneOf(v), r.JsonObject())))
        .Map("GET", Zone + "/workers/routes/{route}", (r, v) => CloudflareEnvelope.Ok(Route(ZoneOf(v), v["route"]).DeepClone()))
        .Map("PUT", Zone + "/workers/routes/{route}", (r, v) =>
        {
            var route = Route(ZoneOf(v), v["route"]);
            var body = r.JsonObject();
            var pattern = (string?)body["pattern"] ?? throw ProviderRefusal.BadRequest(10022, "pattern is required.");
            if ((string?)body["script"] is { } script && model.Worker(script) is null) throw ProviderRefusal.UnknownWorker();
            route["pattern"] = pattern;
            route["script"] = (string?)body["script"];
            return CloudflareEnvelope.Ok(route.DeepClone());
        })
        .Map("DELETE", Zone + "/workers/routes/{route}", (r, v) =>
        {
            var zone = ZoneOf(v);
            zone.Routes.Remove(Route(zone, v["route"]));
            return CloudflareEnvelope.Ok(new JsonObject { ["id"] = v["route"] });
        })
        .Map("GET", Zone + "/rulesets/phases/{phase}/entrypoint", (r, v) => CloudflareEnvelope.Ok(Entrypoint(ZoneOf(v), v["phase"]).DeepClone()))
        .Map("PUT", Zone + "/rulesets/phases/{phase}/entrypoint", PutEntrypoint)
        .Map("GET", Zone + "/rulesets/{ruleset}", (r, v) => CloudflareEnvelope.Ok(Ruleset(ZoneOf(v), v["ruleset"]).DeepClone()))
        .Map("POST", Zone + "/rulesets/{ruleset}/rules", AddRule)
        .Map("PATCH", Zone + "/rulesets/{ruleset}/rules/{rule}", EditRule)
        .Map("DELETE", Zone + "/rulesets/{ruleset}/rules/{rule}", (r, v) =>
        {
            var ruleset = Ruleset(ZoneOf(v), v["ruleset"]);
            var rules = (JsonArray)ruleset["rules"]!;
            rules.Remove(Rule(ruleset, v["rule"]));
            return CloudflareEnvelope.Ok(Bump(ruleset).DeepClone());
        });

    private SimulatedZone ZoneOf(RouteValues v) => model.Zone(v["zone"]) ?? throw new ProviderRefusal(404, "7003", "Could not route to /zones/" + v["zone"] + ", perhaps your object identifier is invalid?");

    private static JsonObject ZoneJson(SimulatedZone z) => new()
    {
        ["id"] = z.Id, ["name"] = z.Name, ["status"] = "active", ["paused"] = false, ["type"] = "full",
        ["name_servers"] = new JsonArray("ada.ns.cloudflare.com", "bob.ns.cloudflare.com"),
        ["plan"] = new JsonObject { ["id"] = "pro", ["name"] = "Pro Website" },
    };

    private ApiAnswer Purge(ApiRequest r, RouteValues v)
    {
        var zone = ZoneOf(v);
        var body = r.JsonObject();
        var given = PurgeFlavours.Where(body.ContainsKey).ToList();
        if (given.Count != 1)
            throw ProviderRefusal.BadRequest(1012, "Request must contain one of 'purge_everything', 'files', 'tags', 'hosts' or 'prefixes'.");
        if (given[0] == "purge_everything")
        {
            if (body["purge_everything"] is not JsonValue everything || !everything.TryGetValue<bool>(out var all) || !all)
                throw ProviderRefusal.BadRequest(1013, "'purge_everything' must be true");
        }
        else
        {
            if (body[given[0]] is not JsonArray items || items.Count == 0)
                throw ProviderRefusal.BadRequest(1014, "'files', 'tags', 'hosts' or 'prefixes' must be a non-empty array");
            if (items.Count > 100) throw ProviderRefusal.BadRequest(1015, "A purge request may name at most 100 items.");
        }
        zone.Purge(body, model.Now);
        return CloudflareEnvelope.Ok(new JsonObject { ["id"] = zone.Id });
    }

    private ApiAnswer ListDns(ApiRequest r, RouteValues v)
    {
        IEnumerable<JsonObject> records = ZoneOf(v).DnsRecords;
        if (r.QueryValue("type") is { } type) records = records.Where(x => (string?)x["type"] == type);
        if ((r.QueryValue("name.exact") ?? r.QueryValue("name")) is { } name) records = records.Where(x => (string?)x["name"] == name);
        if (r.QueryValue("name.contains") is { } part) records = records.Where(x => ((string?)x["name"])?.Contains(part, StringComparison.Ordinal) == true);
        if ((r.QueryValue("content.exact") ?? r.QueryValue("content")) is { } content) records = records.Where(x => (string?)x["content"] == content);
        return CloudflareEnvelope.Page([.. records.Select(x => (JsonNode)x)], r, defaultPerPage: 100);
    }

    private JsonObject CreateDns(SimulatedZone zone, JsonObject body)
    {
        var (type, name) = ((string?)body["type"], (string?)body["name"]);
        if (type is null || name is null || body["content"] is null) throw ProviderRefusal.BadRequest(9000, "DNS name, type and content are required.");
        if (!name.Contains('.', StringComparison.Ordinal)) name = name == "@" ? zone.Name : $"{name}.{zone.Name}";
        if (zone.DnsRecords.Any(x => (string?)x["type"] == type && (string?)x["name"] == name && (string?)x["content"] == (string?)body["content"]))
            throw ProviderRefusal.BadRequest(81057, "Record already exists.");
        if (Conflicts(zone, type, name, null))
            throw ProviderRefusal.BadRequest(81053, "An A, AAAA, or CNAME record with that host already exists.");
        var now = CloudflareEnvelope.Time(model.UtcNow);
        var record = (JsonObject)body.DeepClone();
        record["id"] = StableIds.Hex("dns", zone.Name, StableIds.NewUuid());
        record["name"] = name;
        record["ttl"] ??= 1;
        record["proxied"] ??= false;
        record["proxiable"] = type is "A" or "AAAA" or "CNAME";
        record["tags"] ??= new JsonArray();
        record["settings"] ??= new JsonObject();
        record["meta"] = new JsonObject();
        record["created_on"] = now;
        record["modified_on"] = now;
        zone.DnsRecords.Add(record);
        return (JsonObject)record.DeepClone();
    }

    private JsonObject EditDns(SimulatedZone zone, string id, JsonObject body, bool replace)
    {
        var record = Record(zone, id);
        if (replace && (body["type"] is null || body["name"] is null)) throw ProviderRefusal.BadRequest(9000, "DNS name and type are required to overwrite a record.");
        var edited = replace ? new JsonObject { ["id"] = id, ["created_on"] = record["created_on"]?.DeepClone() } : (JsonObject)record.DeepClone();
        foreach (var (k, value) in body) if (k is not ("id" or "created_on")) edited[k] = value?.DeepClone();
        if (Conflicts(zone, (string?)edited["type"] ?? "", (string?)edited["name"] ?? "", id))
            throw ProviderRefusal.BadRequest(81053, "An A, AAAA, or CNAME record with that host already exists.");
        edited["modified_on"] = CloudflareEnvelope.Time(model.UtcNow);
        edited["proxiable"] = (string?)edited["type"] is "A" or "AAAA" or "CNAME";
        edited["ttl"] ??= 1;
        zone.DnsRecords[zone.DnsRecords.IndexOf(record)] = edited;
        return (JsonObject)edited.DeepClone();
    }

    // A CNAME cannot share its name with an A or AAAA record, nor with another CNAME.
    private static bool Conflicts(SimulatedZone zone, string type, string name, string? except)
        => zone.DnsRecords.Any(x => (string?)x["id"] != except && (string?)x["name"] == name
            && ((type == "CNAME" && (string?)x["type"] is "A" or "AAAA" or "CNAME") || (type is "A" or "AAAA" && (string?)x["type"] == "CNAME")));

    private static JsonObject Record(SimulatedZone zone, string id)
        => zone.DnsRecords.FirstOrDefault(x => (string?)x["id"] == id) ?? throw new ProviderRefusal(404, "81044", "Record does not exist.");

    private JsonObject CreateRoute(SimulatedZone zone, JsonObject body)
    {
        var pattern = (string?)body["pattern"] ?? throw ProviderRefusal.BadRequest(10022, "pattern is required.");
        if (zone.Routes.Any(x => (string?)x["pattern"] == pattern)) throw new ProviderRefusal(409, "10020", "A route with this pattern already exists.");
        if ((string?)body["script"] is { } script && model.Worker(script) is null) throw ProviderRefusal.UnknownWorker();
        var route = new JsonObject { ["id"] = StableIds.Hex("route", zone.Name, StableIds.NewUuid()), ["pattern"] = pattern, ["script"] = (string?)body["script"] };
        zone.Routes.Add(route);
        return (JsonObject)route.DeepClone();
    }

    private static JsonObject Route(SimulatedZone zone, string id)
        => zone.Routes.FirstOrDefault(x => (string?)x["id"] == id) ?? throw new ProviderRefusal(404, "10019", "Route not found.");

    private static JsonObject Entrypoint(SimulatedZone zone, string phase)
        => zone.Rulesets.TryGetValue(phase, out var ruleset) ? ruleset
            : throw new ProviderRefusal(404, "10003", $"could not find entrypoint ruleset in the {phase} phase");

    private static JsonObject Ruleset(SimulatedZone zone, string id)
        => zone.Rulesets.Values.FirstOrDefault(x => (string?)x["id"] == id) ?? throw new ProviderRefusal(404, "10003", $"could not find ruleset {id}");

    private static JsonObject Rule(JsonObject ruleset, string id)
        => ((JsonArray)ruleset["rules"]!).OfType<JsonObject>().FirstOrDefault(x => (string?)x["id"] == id) ?? throw new ProviderRefusal(404, "10004", $"could not find rule {id}");

    private ApiAnswer PutEntrypoint(ApiRequest r, RouteValues v)
    {
        var zone = ZoneOf(v);
        var phase = v["phase"];
        var body = r.JsonObject();
        var rules = body["rules"] as JsonArray ?? throw ProviderRefusal.BadRequest(20021, "rules is required.");
        foreach (var rule in rules.OfType<JsonObject>()) CheckRule(phase, rule);
        if (r.QueryFlag("dry_run")) return CloudflareEnvelope.Ok(null);
        var ruleset = zone.Rulesets.TryGetValue(phase, out var existing) ? existing : new JsonObject
        {
            ["id"] = StableIds.Hex("ruleset", zone.Name, phase), ["name"] = (string?)body["name"] ?? "default", ["kind"] = "zone", ["phase"] = phase, ["version"] = "0",
        };
        if (body["description"] is { } description) ruleset["description"] = description.DeepClone();
        ruleset["rules"] = new JsonArray([.. rules.OfType<JsonObject>().Select(x => (JsonNode)Stamp(x, "1"))]);
        zone.Rulesets[phase] = ruleset;
        return CloudflareEnvelope.Ok(Bump(ruleset).DeepClone());
    }

    private ApiAnswer AddRule(ApiRequest r, RouteValues v)
    {
        var ruleset = Ruleset(ZoneOf(v), v["ruleset"]);
        var body = r.JsonObject();
        CheckRule((string)ruleset["phase"]!, body);
        var rules = (JsonArray)ruleset["rules"]!;
        var rule = Stamp(body, "1");
        rule.Remove("position");
        var index = rules.Count;
        if (body["position"] is JsonObject position)
        {
            if ((string?)position["before"] is { } before) index = before.Length == 0 ? 0 : rules.IndexOf(Rule(ruleset, before));
            else if ((string?)position["after"] is { } after) index = after.Length == 0 ? rules.Count : rules.IndexOf(Rule(ruleset, after)) + 1;
            else if (position["index"]?.GetValue<int>() is { } at) index = Math.Clamp(at - 1, 0, rules.Count);
        }
        rules.Insert(index, rule);
        return CloudflareEnvelope.Ok(Bump(ruleset).DeepClone());
    }

    private ApiAnswer EditRule(ApiRequest r, RouteValues v)
    {
        var ruleset = Ruleset(ZoneOf(v), v["ruleset"]);
        var rule = Rule(ruleset, v["rule"]);
        foreach (var (k, value) in r.JsonObject()) if (k is not ("id" or "ref" or "version" or "position")) rule[k] = value?.DeepClone();
        CheckRule((string)ruleset["phase"]!, rule);
        rule["version"] = ((int.TryParse((string?)rule["version"], out var n) ? n : 1) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        rule["last_updated"] = CloudflareEnvelope.Time(model.UtcNow);
        return CloudflareEnvelope.Ok(Bump(ruleset).DeepClone());
    }

    private static void CheckRule(string phase, JsonObject rule)
    {
        if ((string?)rule["expression"] is not { Length: > 0 }) throw ProviderRefusal.BadRequest(20021, "rule expression is required.");
        var action = (string?)rule["action"] ?? throw ProviderRefusal.BadRequest(20021, "rule action is required.");
        if (phase == "http_request_dynamic_redirect" && action != "redirect")
            throw ProviderRefusal.BadRequest(20021, $"'{action}' is not a valid action for phase {phase}; use 'redirect'.");
        if (phase == "http_ratelimit")
        {
            if (rule["ratelimit"] is not JsonObject limit) throw ProviderRefusal.BadRequest(20021, "a rate limiting rule needs 'ratelimit'.");
            if (limit["characteristics"] is not JsonArray chars || !chars.Any(c => (string?)c == "cf.colo.id"))
                throw ProviderRefusal.BadRequest(20021, "ratelimit.characteristics must include cf.colo.id.");
        }
    }

    private JsonObject Stamp(JsonObject given, string version)
    {
        var rule = (JsonObject)given.DeepClone();
        var id = (string?)rule["id"] ?? StableIds.Hex("rule", StableIds.NewUuid());
        rule["id"] = id;
        rule["ref"] ??= id;
        rule["version"] = version;
        rule["enabled"] ??= true;
        rule["last_updated"] = CloudflareEnvelope.Time(model.UtcNow);
        return rule;
    }

    private JsonObject Bump(JsonObject ruleset)
    {
        ruleset["version"] = ((int.TryParse((string?)ruleset["version"], out var n) ? n : 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        ruleset["last_updated"] = CloudflareEnvelope.Time(model.UtcNow);
        return ruleset;
    }
}
