namespace Runbooks.Drills.Faults;

/// <summary>
/// The fault kinds a drill file may name, with the settings each takes. Adding a fault is one class and one line here.
/// </summary>
public static class FaultCatalog
{
    /// <summary>Every kind, by name.</summary>
    public static readonly IReadOnlyDictionary<string, FaultKind> Kinds = new[]
    {
        new FaultKind("bad-deployment", "a Worker deployment that answers 5xx; rollback restores the previous version", ["propagation", "worker"]),
        new FaultKind("bad-pages-deployment", "a Pages deployment that answers 5xx; rollback restores the previous one", ["propagation", "project"]),
        new FaultKind("vercel-bad-deployment", "a Vercel production deployment that answers 5xx; instant rollback restores the previous one", ["propagation", "project"]),
        new FaultKind("broken-migration", "a migration that breaks the application's queries; rolling the schema back restores it", ["migration"]),
        new FaultKind("data-corruption", "rows deleted or overwritten; restoring a backup recovers them, losing later writes", ["table", "rows"]),
        new FaultKind("provider-rate-limit", "the provider API answers 429 with Retry-After while the runbook calls it", ["retryAfter", "count"]),
        new FaultKind("provider-outage", "the provider API answers 5xx for a while", ["duration"]),
        new FaultKind("outage", "calibration: the service fails for exactly `duration`, then heals by itself; no runbook", ["duration"], NeedsRunbook: false),
    }.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The names, for error messages.</summary>
    public static string Names => string.Join(", ", Kinds.Keys);
}

/// <summary>A fault kind: its name, what it does, the settings its <c>fault:</c> mapping may have.</summary>
/// <param name="Name">As written in drill files.</param>
/// <param name="Description">One line for <c>drill list</c> and reports.</param>
/// <param name="Settings">Allowed keys besides <c>kind</c>.</param>
/// <param name="NeedsRunbook">False only for calibration faults, which heal by themselves.</param>
public sealed record FaultKind(string Name, string Description, IReadOnlyList<string> Settings, bool NeedsRunbook = true);
