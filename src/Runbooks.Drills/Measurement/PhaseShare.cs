namespace Runbooks.Drills.Measurement;

/// <summary>How much of a projected timeline one phase took, in one kind of time.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Kind">Measured, simulated or assumed.</param>
/// <param name="Drill">How long it lasted on the drill's clock.</param>
/// <param name="Projected">What it stands for in the real world.</param>
/// <param name="What">The spans it is made of ("Cloudflare propagation"), empty for measured time.</param>
public sealed record PhaseShare(DrillPhase Phase, SpanKind Kind, TimeSpan Drill, TimeSpan Projected, IReadOnlyList<string> What)
{
    /// <summary>The row's name in reports: "runbook work", "provider time", "alert rule window".</summary>
    public string Name => NameOf(Phase, Kind);

    /// <summary>The row name of time of <paramref name="kind"/> in <paramref name="phase"/>; rows of one name are one row.</summary>
    public static string NameOf(DrillPhase phase, SpanKind kind) => (phase, kind) switch
    {
        (DrillPhase.BeforeFault, SpanKind.Simulated) => "backup age",
        (DrillPhase.BeforeFault, _) => "before the fault", // a restore to a moment just before it: no backup's age in this span
        (_, SpanKind.Simulated) => "provider time",
        (DrillPhase.Detection, SpanKind.Assumed) => "alert rule window",
        (DrillPhase.Detection, _) => "alert evaluation",
        (DrillPhase.Response, SpanKind.Assumed) => "human response",
        (DrillPhase.Response, _) => "trigger reaction",
        (DrillPhase.Runbook, _) => "runbook work",
        (_, SpanKind.Assumed) => "assumed wait",
        _ => "until stable",
    };

    /// <summary>The kind as reports write it.</summary>
    public string KindName => Kind.ToString().ToLowerInvariant();
}
