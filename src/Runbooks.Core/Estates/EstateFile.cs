using System.Text.RegularExpressions;
using Runbooks.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace Runbooks.Core.Estates;

/// <summary>
/// Reads <c>.config/estate.yaml</c>. Every problem is an <see cref="EstateFileException"/> naming the file, the line and
/// column, and the allowed keys or values: an unknown key, an account id that is not 32 hex digits, a path without its
/// leading slash, a name given twice.
/// </summary>
public static partial class EstateFile
{
    /// <summary>Where the estate lives in a repository.</summary>
    public const string DefaultPath = ".config/estate.yaml";

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}$")]
    private static partial Regex ServiceName();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")]
    private static partial Regex DomainName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex NeonProjectId();

    [GeneratedRegex("^br-[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex NeonBranchId();

    [GeneratedRegex("^[a-z]{20}$")]
    private static partial Regex SupabaseProjectRef();

    private static readonly IReadOnlyDictionary<string, EstatePostgresProvider> Providers = new Dictionary<string, EstatePostgresProvider>(StringComparer.Ordinal)
    {
        ["self-managed"] = EstatePostgresProvider.SelfManaged,
        ["neon"] = EstatePostgresProvider.Neon,
        ["supabase"] = EstatePostgresProvider.Supabase,
    };

    /// <summary>Reads <paramref name="path"/>; <paramref name="displayPath"/> is how messages name it.</summary>
    public static Estate Read(string path, string? displayPath = null)
    {
        var shown = displayPath ?? path;
        var y = YamlMappingReader.Open(path, "an estate file is a YAML mapping (cloudflare:, vercel:, staging:, postgres:).",
            (line, column, problem) => new EstateFileException(shown, line, column, problem));
        y.OnlyKeys(y.Root, ["cloudflare", "vercel", "staging", "postgres"], "top level");

        string? account = null;
        var zones = new List<EstateZone>();
        var workers = new List<EstateWorker>();
        var pages = new List<EstatePagesProject>();
        if (y.Mapping(y.Root, "cloudflare", required: false) is { } cf)
        {
            y.OnlyKeys(cf, ["accountId", "zones", "workers", "pages"], "cloudflare");
            account = HexIdOf(y, cf, "accountId", "the account id, 32 hex digits");
            foreach (var node in y.Sequence(cf, "zones"))
            {
                var z = Entry(y, node, "zones", ["name", "id"]);
                var name = y.RequiredScalar(z, "name", "the domain, like example.com");
                if (!DomainName().IsMatch(name)) throw y.Error(y.Node(z, "name")!, $"zone name '{name}' is not a domain name like example.com.");
                zones.Add(new EstateZone(name, HexIdOf(y, z, "id", "the zone id, 32 hex digits") ?? throw y.Error(z, "'id' is required (the zone id, 32 hex digits).")));
            }
            foreach (var node in y.Sequence(cf, "workers"))
            {
                var w = Entry(y, node, "workers", ["name", "health", "critical", "secrets", "vars", "url", "auth", "choices"]);
                var secrets = Names(y, w, "secrets");
                var auth = y.OptionalScalar(w, "auth");
                if (auth is not null && !secrets.Contains(auth))
                    throw y.Error(y.Node(w, "auth")!, $"auth '{auth}' must be one of the Worker's secrets ({(secrets.Count == 0 ? "it has none" : string.Join(", ", secrets))}).");
                var vars = Vars(y, w, "vars");
                workers.Add(new EstateWorker(NameOf(y, w, workers.Select(x => x.Name), "Worker"), PathOf(y, w, "health", "/api/health"),
                    Paths(y, w, "critical"), secrets, vars, UrlOf(y, w)) { Auth = auth, Choices = Choices(y, w, vars) });
            }
            foreach (var node in y.Sequence(cf, "pages"))
            {
                var p = Entry(y, node, "pages", ["name", "health", "url"]);
                pages.Add(new EstatePagesProject(NameOf(y, p, pages.Select(x => x.Name), "Pages project"), PathOf(y, p, "health", "/"), UrlOf(y, p)));
            }
            if (account is null && (workers.Count > 0 || pages.Count > 0))
                throw y.Error(cf, "'accountId' is required when the estate names Workers or Pages projects (the account id, 32 hex digits).");
        }

        string? team = null;
        var projects = new List<EstateVercelProject>();
        if (y.Mapping(y.Root, "vercel", required: false) is { } vc)
        {
            y.OnlyKeys(vc, ["teamId", "projects"], "vercel");
            team = y.OptionalScalar(vc, "teamId");
            if (team is not null && !team.StartsWith("team_", StringComparison.Ordinal))
                throw y.Error(y.Node(vc, "teamId")!, $"teamId '{team}' must start with team_ (Vercel's team ids do).");
            foreach (var node in y.Sequence(vc, "projects"))
            {
                var p = Entry(y, node, "projects", ["name", "id", "health", "env", "url", "faultFlag"]);
                var name = NameOf(y, p, projects.Select(x => x.Name), "Vercel project");
                var id = y.RequiredScalar(p, "id", "the project id, like prj_abc123");
                if (!id.StartsWith("prj_", StringComparison.Ordinal)) throw y.Error(y.Node(p, "id")!, $"project id '{id}' must start with prj_.");
                if (projects.Any(x => x.Id == id)) throw y.Error(y.Node(p, "id")!, $"project id '{id}' is given twice.");
                projects.Add(new EstateVercelProject(name, id, PathOf(y, p, "health", "/api/health"), Vars(y, p, "env"), UrlOf(y, p)) { FaultFlag = FaultFlagOf(y, p) });
            }
        }

        var staging = y.Mapping(y.Root, "staging", required: false) is { } st ? Staging(y, st, workers, projects) : null;
        var postgres = y.Mapping(y.Root, "postgres", required: false) is { } pg ? Postgres(y, pg, "postgres") : null;
        return new Estate(shown, account, zones, workers, pages, team, projects, staging, postgres);
    }

    /// <summary>
    /// Reads a <c>postgres:</c> mapping (the estate's, or a drill file's <c>estate: { postgres: ... }</c>, hence public):
    /// <c>provider</c> and the keys that provider takes, each checked; <paramref name="where"/> names the mapping in messages.
    /// </summary>
    public static EstatePostgres Postgres(YamlMappingReader y, YamlMappingNode map, string where)
    {
        var name = y.RequiredScalar(map, "provider", $"one of {string.Join(", ", Providers.Keys)}");
        if (!Providers.TryGetValue(name, out var provider))
            throw y.Error(y.Node(map, "provider")!, $"{where}.provider '{name}' is not one of {string.Join(", ", Providers.Keys)}.");
        switch (provider)
        {
            case EstatePostgresProvider.Neon:
            {
                y.OnlyKeys(map, ["provider", "projectId", "branchId", "recoveryBranchId", "recoverySecret"], $"{where} (neon)");
                var project = Matching(y, map, "projectId", NeonProjectId(), "a Neon project id like floral-disk-86322740", where);
                var branch = Matching(y, map, "branchId", NeonBranchId(), "the production branch's id, like br-twilight-river-31791249", where);
                var recovery = Matching(y, map, "recoveryBranchId", NeonBranchId(), "the id of the branch restores go to, like br-quiet-sea-12345678", where);
                if (recovery == branch)
                    throw y.Error(y.Node(map, "recoveryBranchId")!, $"{where}.recoveryBranchId must not be the production branch: a restore overwrites the branch it goes to.");
                var secret = y.OptionalScalar(map, "recoverySecret") ?? EstatePostgres.DefaultNeonRecoverySecret;
                if (!VariableName().IsMatch(secret))
                    throw y.Error(y.Node(map, "recoverySecret")!, $"{where}.recoverySecret must name the secret that holds the recovery branch's connection string (like {EstatePostgres.DefaultNeonRecoverySecret}), never the string itself.");
                return new EstatePostgres(provider, NeonProjectId: project, NeonBranchId: branch, NeonRecoveryBranchId: recovery, NeonRecoverySecret: secret);
            }
            case EstatePostgresProvider.Supabase:
                y.OnlyKeys(map, ["provider", "projectRef"], $"{where} (supabase)");
                return new EstatePostgres(provider, SupabaseProjectRef: Matching(y, map, "projectRef", SupabaseProjectRef(), "the project ref, 20 lowercase letters", where));
            default:
                y.OnlyKeys(map, ["provider"], $"{where} (self-managed)");
                return EstatePostgres.SelfManaged;
        }
    }

    private static string Matching(YamlMappingReader y, YamlMappingNode map, string key, Regex rule, string hint, string where)
    {
        var value = y.RequiredScalar(map, key, hint);
        return rule.IsMatch(value) ? value : throw y.Error(y.Node(map, key)!, $"{where}.{key} '{value}' is not {hint}.");
    }

    private static EstateStaging Staging(YamlMappingReader y, YamlMappingNode st, List<EstateWorker> workers, List<EstateVercelProject> projects)
    {
        y.OnlyKeys(st, ["cloudflare", "vercel", "database", "maxRate"], "staging");
        string cfBase = "https://api.cloudflare.com/client/v4", vcBase = "https://api.vercel.com";
        string? account = null, team = null;
        var stagingWorkers = new Dictionary<string, EstateStagingService>(StringComparer.Ordinal);
        var stagingProjects = new Dictionary<string, EstateStagingService>(StringComparer.Ordinal);
        if (y.Mapping(st, "cloudflare", required: false) is { } cf)
        {
            y.OnlyKeys(cf, ["apiBaseUrl", "accountId", "workers"], "staging.cloudflare");
            cfBase = AbsoluteUrl(y, cf, "apiBaseUrl") ?? cfBase;
            account = HexIdOf(y, cf, "accountId", "the staging account id, 32 hex digits");
            Twins(y, cf, "workers", workers.Select(w => w.Name).ToList(), stagingWorkers);
        }
        if (y.Mapping(st, "vercel", required: false) is { } vc)
        {
            y.OnlyKeys(vc, ["apiBaseUrl", "teamId", "projects"], "staging.vercel");
            vcBase = AbsoluteUrl(y, vc, "apiBaseUrl") ?? vcBase;
            team = y.OptionalScalar(vc, "teamId");
            Twins(y, vc, "projects", projects.Select(p => p.Name).ToList(), stagingProjects);
        }
        var database = y.OptionalScalar(st, "database");
        if (database is not null && !VariableName().IsMatch(database))
            throw y.Error(y.Node(st, "database")!, $"database must name the secret that holds the URL (like STAGING_DATABASE_URL), never the URL itself.");
        var rate = y.Number(st, "maxRate", required: false, min: 0.1, max: 10_000) ?? 20;
        return new EstateStaging(cfBase, account, stagingWorkers, vcBase, team, stagingProjects, database, rate);
    }

    private static void Twins(YamlMappingReader y, YamlMappingNode map, string key, IReadOnlyList<string> production, Dictionary<string, EstateStagingService> into)
    {
        if (y.Mapping(map, key, required: false) is not { } twins) return;
        foreach (var (k, v) in twins.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (!production.Contains(name))
                throw y.Error(k, $"'{name}' is not a production service of the estate; staging {key} are keyed by one of: {string.Join(", ", production)}.");
            var twin = v as YamlMappingNode ?? throw y.Error(v, $"staging '{name}' must be a mapping {{ name: ..., url: ... }}.");
            y.OnlyKeys(twin, ["name", "url"], $"staging {key}");
            into[name] = new EstateStagingService(y.RequiredScalar(twin, "name", "its name in staging"),
                AbsoluteUrl(y, twin, "url") ?? throw y.Error(twin, "'url' is required (where it answers in staging)."));
        }
    }

    private static YamlMappingNode Entry(YamlMappingReader y, YamlNode node, string list, IReadOnlyList<string> keys)
    {
        var map = node as YamlMappingNode ?? throw y.Error(node, $"each entry of '{list}' must be a mapping ({{ {string.Join(", ", keys.Take(2))}, ... }}).");
        y.OnlyKeys(map, keys, list + " entry");
        return map;
    }

    private static string? HexIdOf(YamlMappingReader y, YamlMappingNode map, string key, string hint)
    {
        var value = y.OptionalScalar(map, key);
        if (value is null) return null;
        return HexId().IsMatch(value) ? value : throw y.Error(y.Node(map, key)!, $"'{key}' '{value}' is not {hint}.");
    }

    private static string NameOf(YamlMappingReader y, YamlMappingNode map, IEnumerable<string> taken, string what)
    {
        var name = y.RequiredScalar(map, "name", $"the {what}'s name");
        if (!ServiceName().IsMatch(name)) throw y.Error(y.Node(map, "name")!, $"{what} name '{name}' must be letters, digits, '-' or '_'.");
        if (taken.Contains(name)) throw y.Error(y.Node(map, "name")!, $"{what} '{name}' is given twice.");
        return name;
    }

    private static string PathOf(YamlMappingReader y, YamlMappingNode map, string key, string @default)
    {
        var path = y.OptionalScalar(map, key) ?? @default;
        return path.StartsWith('/') ? path : throw y.Error(y.Node(map, key)!, $"'{key}' '{path}' must be a path starting with '/'.");
    }

    private static IReadOnlyList<string> Paths(YamlMappingReader y, YamlMappingNode map, string key)
    {
        var paths = y.Scalars(map, key);
        var bad = paths.FirstOrDefault(p => !p.StartsWith('/'));
        return bad is null ? paths : throw y.Error(y.Node(map, key)!, $"'{key}' entry '{bad}' must be a path starting with '/'.");
    }

    private static IReadOnlyList<string> Names(YamlMappingReader y, YamlMappingNode map, string key)
    {
        var names = y.Scalars(map, key);
        var bad = names.FirstOrDefault(n => !VariableName().IsMatch(n));
        return bad is null ? names : throw y.Error(y.Node(map, key)!, $"'{key}' entry '{bad}' is not a variable name (letters, digits, '_').");
    }

    // choices: { VAR: [a, b, c] }: each VAR must be one of the Worker's vars, and its value in vars one of the list.
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Choices(YamlMappingReader y, YamlMappingNode map, IReadOnlyDictionary<string, string> vars)
    {
        var choices = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (y.Mapping(map, "choices", required: false) is not { } node) return choices;
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            if (!vars.TryGetValue(name, out var usual))
                throw y.Error(keyNode, $"choices '{name}' must be one of the Worker's vars ({(vars.Count == 0 ? "it has none" : string.Join(", ", vars.Keys))}).");
            if (valueNode is not YamlSequenceNode list || list.Children.Count == 0 || list.Children.Any(c => c is not YamlScalarNode))
                throw y.Error(valueNode, $"choices '{name}' must be a list of values, like [iflow, groq].");
            var values = list.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList();
            if (!values.Contains(usual)) throw y.Error(valueNode, $"choices '{name}' must include its value in vars, '{usual}'.");
            choices[name] = values;
        }
        return choices;
    }

    private static IReadOnlyDictionary<string, string> Vars(YamlMappingReader y, YamlMappingNode map, string key)
    {
        var vars = y.StringMap(map, key);
        var bad = vars.Keys.FirstOrDefault(n => !VariableName().IsMatch(n));
        return bad is null ? vars : throw y.Error(y.Node(map, key)!, $"'{key}' name '{bad}' is not a variable name (letters, digits, '_').");
    }

    // faultFlag: { KEY: value }, exactly one setting: the app's own switch that makes it fail.
    private static EstateFaultFlag? FaultFlagOf(YamlMappingReader y, YamlMappingNode map)
    {
        if (y.Node(map, "faultFlag") is null) return null;
        var flag = Vars(y, map, "faultFlag");
        return flag.Count == 1 ? new EstateFaultFlag(flag.Keys.Single(), flag.Values.Single())
            : throw y.Error(y.Node(map, "faultFlag")!, "faultFlag must be one setting, like { DRILL_FAULT: fail }: the env var under which the app fails every request.");
    }

    private static string? UrlOf(YamlMappingReader y, YamlMappingNode map) => AbsoluteUrl(y, map, "url");

    private static string? AbsoluteUrl(YamlMappingReader y, YamlMappingNode map, string key)
    {
        var url = y.OptionalScalar(map, key);
        if (url is null) return null;
        return Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
            ? url.TrimEnd('/') : throw y.Error(y.Node(map, key)!, $"'{key}' '{url}' is not an http(s) URL.");
    }
}
