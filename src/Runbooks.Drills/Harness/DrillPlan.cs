using Runbooks.Core.Catalog;
using Runbooks.Core.Errors;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Faults;
using Runbooks.Scripting.Hosting;
using Runbooks.Core.Timing;

namespace Runbooks.Drills.Harness;

/// <summary>
/// A drill checked before anything starts: its runbook found and compiled (warming the script cache, so the response
/// measures the runbook, not the compiler), every param the runbook requires given by the drill or the harness.
/// </summary>
/// <param name="Drill">The drill.</param>
/// <param name="RunbookPath">The runbook's full path; null for a calibration drill.</param>
/// <param name="RunbookDisplay">The runbook as messages name it.</param>
/// <param name="ClaimedRecovery">The runbook header's claimed recovery time.</param>
public sealed record DrillPlan(DrillDefinition Drill, string? RunbookPath, string? RunbookDisplay, TimeSpan? ClaimedRecovery)
{
    /// <summary>Whether the drill needs the provider simulator.</summary>
    public bool NeedsSimulator => Drill.Load.Target.IsHttp() || FaultCatalog.Create(Drill, TimeScale.RealTime).NeedsSimulator;

    /// <summary>
    /// Whether the drill needs the simulator in <paramref name="estate"/>: as <see cref="NeedsSimulator"/> says, or for a
    /// point-in-time repair whose database (the drill's own <c>estate: postgres</c>, else the estate's) a provider runs.
    /// </summary>
    public bool NeedsSimulatorIn(Core.Estates.Estate estate)
        => NeedsSimulator || NeedsWalArchive && (Drill.Postgres ?? estate.Postgres).Provider != Core.Estates.EstatePostgresProvider.SelfManaged;

    /// <summary>Whether the drill's PostgreSQL must archive its WAL.</summary>
    public bool NeedsWalArchive => FaultCatalog.Create(Drill, TimeScale.RealTime).NeedsWalArchive;

    /// <summary>Whether the drill needs PostgreSQL: a database load or a database fault.</summary>
    public bool NeedsPostgres => Drill.Load.Target == LoadTarget.Database || Drill.Load.WriteRate > 0 || FaultCatalog.Create(Drill, TimeScale.RealTime).NeedsPostgres;

    /// <summary>
    /// Checks <paramref name="drill"/>; a missing runbook or param is a <see cref="BadInputException"/> naming the drill
    /// file and line, a compile error the runbook's file, line and column.
    /// </summary>
    public static DrillPlan For(DrillDefinition drill, RunbookHost host, string workingDirectory)
    {
        var where = $"{Path.GetRelativePath(workingDirectory, drill.SourcePath)}({drill.RunbookLine})";
        if (drill.Runbook is null) return new DrillPlan(drill, null, null, null);
        string path;
        try { path = RunbookLocator.Resolve(drill.Runbook, workingDirectory); }
        catch (BadInputException e) { throw new BadInputException($"{where}: {e.Message}", e); }
        var prepared = host.Prepare(path);
        var fault = FaultCatalog.Create(drill, TimeScale.RealTime);
        var harnessOwn = new HashSet<string>(fault.ParamNames, StringComparer.Ordinal);
        if (drill.Load.Target.IsHttp()) harnessOwn.Add("url");
        if (drill.Load.Host is not null) harnessOwn.Add("host");
        // The harness's own params point the runbook at what the drill built; a drill file that replaced one could point
        // it anywhere, production included.
        if (drill.Params.Keys.FirstOrDefault(harnessOwn.Contains) is { } reserved)
            throw new BadInputException($"{Path.GetRelativePath(workingDirectory, drill.SourcePath)}({drill.ParamLines.GetValueOrDefault(reserved, drill.RunbookLine)}): "
                + $"param '{reserved}' is set by the harness ({(reserved == "url" ? "the simulated service's URL" : reserved == "host" ? "the simulated hostname" : $"the {drill.Fault.Kind} fault's")}); a drill file cannot set it.");
        var given = new HashSet<string>(drill.Params.Keys.Concat(harnessOwn), StringComparer.Ordinal);
        if (drill.Load.Target.ServiceParam() is { } service) given.Add(service); // from the estate unless the drill names it
        var display = RunbookLocator.Display(path, workingDirectory);
        var missing = prepared.RequiredParams.Where(p => !given.Contains(p)).ToList();
        if (missing.Count > 0)
            throw new BadInputException($"{where}: runbook {display} requires param{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}, "
                + $"which the drill does not give: add {(missing.Count > 1 ? "them" : "it")} under params:.");
        return new DrillPlan(drill, path, display, RunbookHeader.ParseDuration(RunbookHeader.Read(path).Recovery));
    }
}
