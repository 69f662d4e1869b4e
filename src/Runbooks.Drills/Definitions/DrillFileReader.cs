using System.Text.RegularExpressions;
using System.Globalization;
using Runbooks.Drills.Faults;
using Runbooks.Core.Configuration;
using YamlDotNet.RepresentationModel;
using Runbooks.Core.Timing;

namespace Runbooks.Drills.Definitions;

/// <summary>
/// Reads and validates a <c>.drill.yaml</c>. Every problem is a <see cref="DrillFileException"/> naming the file, the
/// line and column, and the allowed values: an unknown key or fault kind, a bad duration, a missing field.
/// </summary>
public static partial class DrillFileReader
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex DrillNameRule();

    private static readonly Regex DrillName = DrillNameRule();

    private static readonly string[] TopLevel =
        ["name", "runbook", "severity", "params", "fault", "load", "detect", "respond", "recovered", "timeScale", "rpo", "expect", "estate"];
    private static readonly string[] Severities = ["P0", "P1", "P2", "P3"];

    /// <summary>Reads <paramref name="path"/>; <paramref name="displayPath"/> is how messages name it.</summary>
    public static DrillDefinition Read(string path, string? displayPath = null)
    {
        var shown = displayPath ?? path;
        var ctx = YamlMappingReader.Open(path, "a drill file is a YAML mapping (name:, runbook:, fault:, ...).",
            (line, column, problem) => new DrillFileException(shown, line, column, problem));
        var root = ctx.Root;
        ctx.OnlyKeys(root, TopLevel, "top level");
        var fault = ReadFault(ctx);
        var runbook = ctx.OptionalScalar(root, "runbook");
        if (runbook is null && FaultCatalog.Kinds[fault.Kind].NeedsRunbook)
            throw ctx.Error(root, $"'runbook' is required for fault kind '{fault.Kind}' (only a calibration fault such as 'outage' runs without one).");
        var severity = (ctx.OptionalScalar(root, "severity") ?? throw ctx.Error(root, "'severity' is required (one of P0, P1, P2, P3).")).ToUpperInvariant();
        if (!Severities.Contains(severity)) throw ctx.Error(ctx.Node(root, "severity")!, $"severity '{severity}' is not one of {string.Join(", ", Severities)}.");

        var load = ctx.Mapping(root, "load", required: true)!;
        // In a { } mapping an unquoted "accept: 2xx,503" splits at the comma, and 503 arrives as a key of its own.
        if (load.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value is { } v && StatusAcceptance.TryParse(v, out _)) is { } stray)
            throw ctx.Error(stray, $"'{stray.Value}' looks like a status cut off from accept: quote a list inside {{ }}, like accept: \"2xx,503\".");
        ctx.OnlyKeys(load, ["rate", "target", "service", "writes", "writesTo", "path", "accept", "host"], "load");
        var targetName = ctx.OptionalScalar(load, "target") ?? LoadTarget.Worker.Name();
        var target = LoadTargetNames.Parse(targetName)
            ?? throw ctx.Error(ctx.Node(load, "target")!, $"load target '{targetName}' is unknown; allowed: {string.Join(", ", LoadTargetNames.All)}.");
        var accept = ctx.OptionalScalar(load, "accept") ?? "2xx";
        if (!StatusAcceptance.TryParse(accept, out _))
            throw ctx.Error(ctx.Node(load, "accept")!, $"load accept '{accept}' is not a list of statuses like 2xx or 2xx,503.");
        var loadPath = ctx.OptionalScalar(load, "path");
        if (loadPath is not null && !loadPath.StartsWith('/'))
            throw ctx.Error(ctx.Node(load, "path")!, $"load path '{loadPath}' must start with '/'.");
        var loadHost = ctx.OptionalScalar(load, "host");
        if (loadHost is not null && loadHost != LoadSpec.RouteHost && (!loadHost.Contains('.', StringComparison.Ordinal) || loadHost.Contains('/', StringComparison.Ordinal) || loadHost.Contains(':', StringComparison.Ordinal)))
            throw ctx.Error(ctx.Node(load, "host")!, $"load host '{loadHost}' must be a hostname like api.example.com (no scheme, port or path), or 'route' for the service's Workers route.");
        if (loadHost is not null && target is not (LoadTarget.Worker or LoadTarget.Pages or LoadTarget.Vercel))
            throw ctx.Error(ctx.Node(load, "host")!, $"load host needs an HTTP target; '{target.Name()}' has no hostname.");
        var writes = ctx.Number(load, "writes", required: false, min: 0, max: 5_000) ?? 0;
        var writesTo = ctx.OptionalScalar(load, "writesTo");
        if (writesTo is not null && !Environments.Postgres.PostgresDatabases.IsPlainName(writesTo))
            throw ctx.Error(ctx.Node(load, "writesTo")!, $"load writesTo '{writesTo}' must be a table name: lower-case letters, digits and underscores.");
        if (writesTo is not null && writes == 0)
            throw ctx.Error(ctx.Node(load, "writesTo")!, "load writesTo needs writes: the rate of acknowledged writes per second.");
        var respond = ctx.Mapping(root, "respond", required: false);
        if (respond is not null) ctx.OnlyKeys(respond, ["after"], "respond");
        var timeScaleText = ctx.OptionalScalar(root, "timeScale");
        var name = ctx.OptionalScalar(root, "name") ?? Path.GetFileName(path).Replace(".drill.yaml", "", StringComparison.Ordinal);
        // The name becomes a report file and a work folder that is emptied before the drill: no path may hide in it.
        if (!DrillName.IsMatch(name))
            throw ctx.Error(ctx.Node(root, "name") ?? root, $"name '{name}' must be letters, digits, '.', '_' or '-', starting with a letter or digit.");

        var expectations = ReadExpect(ctx);
        return new DrillDefinition
        {
            Name = name,
            SourcePath = Path.GetFullPath(path),
            Runbook = runbook,
            Severity = severity,
            Params = ReadParams(ctx),
            ParamLines = ReadParamLines(ctx),
            Fault = fault,
            Load = new LoadSpec(
                ctx.Number(load, "rate", required: true, min: 1, max: 20_000)!.Value,
                target,
                writes)
            {
                Path = loadPath, Accept = accept, Service = ctx.OptionalScalar(load, "service"), Host = loadHost, WritesTo = writesTo,
                Line = (int)load.Start.Line,
            },
            RunbookLine = (int)(ctx.Node(root, "runbook")?.Start.Line ?? 1),
            Detect = ReadCriterion(ctx, "detect"),
            RespondAfter = respond is null ? TimeSpan.Zero : ctx.Duration(respond, "after", required: false) ?? TimeSpan.Zero,
            Recovered = ReadCriterion(ctx, "recovered"),
            TimeScale = timeScaleText is null ? null : new TimeScale(ctx.Number(root, "timeScale", required: true, min: 0.0001, max: 1)!.Value),
            RpoData = ctx.OptionalScalar(root, "rpo") ?? "user-data",
            ExpectRpoBreach = expectations.RpoBreach,
            ExpectReadOnly = expectations.ReadOnly,
            Postgres = ReadEstate(ctx),
        };
    }

    private static FaultSpec ReadFault(YamlMappingReader ctx)
    {
        var fault = ctx.Mapping(ctx.Root, "fault", required: true)!;
        var kindNode = ctx.Node(fault, "kind") ?? throw ctx.Error(fault, $"fault needs a 'kind': one of {FaultCatalog.Names}.");
        var kind = ((YamlScalarNode)kindNode).Value ?? "";
        if (!FaultCatalog.Kinds.TryGetValue(kind, out var known))
            throw ctx.Error(kindNode, $"fault kind '{kind}' is unknown; allowed: {FaultCatalog.Names}.");
        ctx.OnlyKeys(fault, ["kind", .. known.Settings], $"fault '{kind}'");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in fault.Children)
        {
            var key = ((YamlScalarNode)k).Value!;
            if (key == "kind") continue;
            var value = v is YamlScalarNode s ? s.Value ?? "" : throw ctx.Error(v, $"fault.{key} must be a single value.");
            if (key is "propagation" or "duration" or "retryAfter" or "backupAge" or "latency" && !DurationText.TryParse(value, out _))
                throw ctx.Error(v, $"fault.{key} '{value}' is not a duration: write it with a unit, like 250ms, 20s, 2m.");
            if (key == "latency" && DurationText.TryParse(value, out var slow) && slow <= TimeSpan.Zero)
                throw ctx.Error(v, $"fault.latency '{value}' must be above 0 (how long the slow version takes to answer, like 1500ms).");
            if (key == "status" && !(int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 400 and <= 599))
                throw ctx.Error(v, $"fault.status '{value}' must be an HTTP error status, 400 to 599.");
            if (key is "count" or "rows" or "limit" or "period" && !(key == "rows" && value == "all")
                && !(int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0))
                throw ctx.Error(v, $"fault.{key} '{value}' must be a whole number above 0{(key == "rows" ? " or all" : "")}.");
            if (key == "backup" && value is not ("dump" or "base"))
                throw ctx.Error(v, $"fault.backup '{value}' must be dump (pg_dump, restored whole) or base (pg_basebackup plus the WAL archive, for point-in-time repair).");
            if (key == "format" && value is not ("custom" or "plain"))
                throw ctx.Error(v, $"fault.format '{value}' must be custom (pg_dump -Fc) or plain (pg_dump > file.sql).");
            settings[key] = value;
        }
        if (kind == "slow-deployment" && !settings.ContainsKey("latency"))
            throw ctx.Error(fault, "fault 'slow-deployment' needs a 'latency' (how long the slow version takes to answer each request, like 1500ms).");
        if (kind == "outage" && !settings.ContainsKey("duration"))
            throw ctx.Error(fault, "fault 'outage' needs a 'duration' (how long the calibration outage lasts, like 4s).");
        // The writes a restore loses are those since its backup: without the backup's real age the RPO would be the
        // harness's own schedule, so the drill must say it.
        // A point-in-time repair loses nothing whatever the base backup's age; a dump restore loses exactly its age.
        var pointInTime = settings.GetValueOrDefault("backup") == "base";
        if (kind == "data-corruption" && !pointInTime && !settings.ContainsKey("backupAge"))
            throw ctx.Error(fault, "fault 'data-corruption' needs a 'backupAge' (how old the backup a restore goes back to is, like 6h for a nightly dump).");
        if (kind == "data-corruption" && pointInTime && (settings.ContainsKey("backupAge") || settings.ContainsKey("format")))
            throw ctx.Error(fault, "fault 'data-corruption' with backup: base takes no backupAge or format: a point-in-time repair does not restore the base backup whole.");
        return new FaultSpec(kind, settings, (int)kindNode.Start.Line);
    }

    private static Dictionary<string, string> ReadParams(YamlMappingReader ctx)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var map = ctx.Mapping(ctx.Root, "params", required: false);
        if (map is null) return result;
        foreach (var (k, v) in map.Children)
            result[((YamlScalarNode)k).Value!] = v is YamlScalarNode s ? s.Value ?? "" : throw ctx.Error(v, "params values must be single values.");
        return result;
    }

    private static Dictionary<string, int> ReadParamLines(YamlMappingReader ctx)
        => ctx.Mapping(ctx.Root, "params", required: false) is { } map
            ? map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (int)p.Key.Start.Line, StringComparer.Ordinal)
            : new Dictionary<string, int>(StringComparer.Ordinal);

    private static Criterion ReadCriterion(YamlMappingReader ctx, string key)
    {
        var map = ctx.Mapping(ctx.Root, key, required: true)!;
        ctx.OnlyKeys(map, ["errorRate", "p95", "for"], key);
        var errorRate = ctx.Number(map, "errorRate", required: false, min: 0, max: 1);
        LatencyThreshold? p95 = null;
        if (ctx.OptionalScalar(map, "p95") is { } text && !LatencyThreshold.TryParse(text, out p95))
            throw ctx.Error(ctx.Node(map, "p95")!, $"'p95' '{text}' is not a latency: write a duration with a unit, like 1000ms or 1.5s, "
                + "or an increase over the warm-up's p95, like +200%.");
        if (errorRate is null && p95 is null)
            throw ctx.Error(map, $"'{key}' needs 'errorRate' (like 0.01), 'p95' (like 1000ms or +200%), or both.");
        return new Criterion(errorRate, ctx.Duration(map, "for", required: true)!.Value) { P95 = p95 };
    }

    private static TimeSpan? Duration(this YamlMappingReader ctx, YamlMappingNode map, string key, bool required)
    {
        var text = ctx.OptionalScalar(map, key);
        if (text is null) return required ? throw ctx.Error(map, $"'{key}' is required (a duration like 2m).") : null;
        return DurationText.TryParse(text, out var d) ? d
            : throw ctx.Error(ctx.Node(map, key)!, $"'{key}' '{text}' is not a duration: write it with a unit, like 250ms, 20s, 2m.");
    }

    // expect: { rpo: breach } for a drill that exists to show a known loss (a dump restore); { readOnly: true } for a
    // runbook that must change nothing (a status check).
    // A drill may say who runs its database (the provider's restore is what it drills); the rest of the estate is the batch's.
    private static Core.Estates.EstatePostgres? ReadEstate(YamlMappingReader ctx)
    {
        if (ctx.Mapping(ctx.Root, "estate", required: false) is not { } estate) return null;
        ctx.OnlyKeys(estate, ["postgres"], "estate (a drill overrides only the estate's postgres section)");
        return ctx.Mapping(estate, "postgres", required: true) is { } pg ? Core.Estates.EstateFile.Postgres(ctx, pg, "estate.postgres") : null;
    }

    private static (bool RpoBreach, bool ReadOnly) ReadExpect(YamlMappingReader ctx)
    {
        if (ctx.Mapping(ctx.Root, "expect", required: false) is not { } expect) return (false, false);
        ctx.OnlyKeys(expect, ["rpo", "readOnly"], "expect");
        var rpo = ctx.OptionalScalar(expect, "rpo");
        if (rpo is not null and not "breach")
            throw ctx.Error(ctx.Node(expect, "rpo")!, $"expect rpo '{rpo}' is unknown; the only one is rpo: breach (a drill that shows a known data loss).");
        var readOnly = ctx.OptionalScalar(expect, "readOnly");
        if (readOnly is not null and not ("true" or "false"))
            throw ctx.Error(ctx.Node(expect, "readOnly")!, $"expect readOnly '{readOnly}' must be true or false.");
        return (rpo == "breach", readOnly == "true");
    }
}
