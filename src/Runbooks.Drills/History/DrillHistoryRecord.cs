using System.Text.Json.Serialization;
using Runbooks.Drills.Measurement;
using Runbooks.Drills.Reports;

namespace Runbooks.Drills.History;

/// <summary>
/// One line of a drill's history file: what one <c>drill run</c> concluded. Self-contained: it carries the severity and
/// the RTO row it was judged against, so a history stays readable after <c>.config/rto.json</c> changes.
/// </summary>
public sealed record DrillHistoryRecord
{
    /// <summary>"pass": every verdict held.</summary>
    public const string Pass = "pass";

    /// <summary>"fail": a breach, a regression or a failed runbook.</summary>
    public const string Fail = "fail";

    /// <summary>"invalid": the instrument could not measure; not a verdict.</summary>
    public const string Invalid = "invalid";

    /// <summary>The environment of a drill against the in-process simulator and embedded PostgreSQL.</summary>
    public const string Simulated = "simulated";

    /// <summary>When the run ended, UTC.</summary>
    public required DateTimeOffset When { get; init; }

    /// <summary>The drill's name (also the file's name).</summary>
    public required string Drill { get; init; }

    /// <summary>The commit that ran (<c>GITHUB_SHA</c>, else <c>git rev-parse HEAD</c>); null outside a git checkout.</summary>
    public string? Commit { get; init; }

    /// <summary>Where the drill ran: <see cref="Simulated"/>, or a name the caller gives (staging).</summary>
    public required string Environment { get; init; }

    /// <summary>The time scale it ran at.</summary>
    public required double TimeScale { get; init; }

    /// <summary>The severity whose RTO row judged it (P0..P3).</summary>
    public required string Severity { get; init; }

    /// <summary>The RTO row's target, real world, in milliseconds.</summary>
    public required double RtoTargetMs { get; init; }

    /// <summary>The RTO row's acceptable limit, real world, in milliseconds.</summary>
    public required double RtoAcceptableMs { get; init; }

    /// <summary>The projected real-world RTO; null when the run was invalid or the service never recovered.</summary>
    public double? ProjectedRtoMs { get; init; }

    /// <summary>The RTO verdict as the reports write it; null for an invalid run.</summary>
    public string? RtoVerdict { get; init; }

    /// <summary>The RPO, for a drill that measures one.</summary>
    public HistoryRpo? Rpo { get; init; }

    /// <summary>The projected duration of each phase.</summary>
    public IReadOnlyList<HistoryPhase> Phases { get; init; } = [];

    /// <summary><see cref="Pass"/>, <see cref="Fail"/> or <see cref="Invalid"/>.</summary>
    public required string Result { get; init; }

    /// <summary>The runbook's measured work (its run minus the provider time it waited on); null when no runbook ran.</summary>
    public double? RunbookWorkMs { get; init; }

    /// <summary>The projected RTO as a duration, if any.</summary>
    [JsonIgnore]
    public TimeSpan? ProjectedRto => ProjectedRtoMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    /// <summary>The record of <paramref name="r"/>, ended at <paramref name="when"/>.</summary>
    public static DrillHistoryRecord From(DrillResult r, DateTimeOffset when, string? commit, string environment) => new()
    {
        When = when.ToUniversalTime(),
        Drill = r.Drill.Name,
        Commit = commit,
        Environment = environment,
        TimeScale = r.TimeScale.Value,
        Severity = r.Drill.Severity,
        RtoTargetMs = r.RtoObjective.Target.TotalMilliseconds,
        RtoAcceptableMs = r.RtoObjective.Acceptable.TotalMilliseconds,
        ProjectedRtoMs = r.Invalid is null && r.ProjectedRto is { } rto ? Round(rto) : null,
        RtoVerdict = r.Invalid is null ? ReportFormat.Verdict(r.RtoVerdict) : null,
        Rpo = r.Rpo is { } rpo
            ? new HistoryRpo(rpo.Objective.Key, Round(rpo.Span), rpo.Lost, rpo.Objective.Target.TotalMilliseconds,
                rpo.Objective.Acceptable.TotalMilliseconds, ReportFormat.Verdict(rpo.Verdict))
            : null,
        Phases = r.Projection?.Phases.Select(p => new HistoryPhase(p.Name, p.KindName, Round(p.Projected))).ToList() ?? [],
        Result = r.Invalid is not null ? Invalid : r.Passed ? Pass : Fail,
        RunbookWorkMs = r.RunbookWork is { } work ? Round(work) : null,
    };

    // Tenths of a millisecond, as the JSON report writes its figures.
    private static double Round(TimeSpan t) => Math.Round(t.TotalMilliseconds, 1);
}
