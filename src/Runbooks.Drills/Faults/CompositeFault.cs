using Runbooks.Drills.Environments;
using Runbooks.Drills.Load;

namespace Runbooks.Drills.Faults;

/// <summary>
/// Several faults at once (seed 004's "multiple component failures"): each is arranged, injected and cleaned up in turn,
/// and the runbook gets the params and secrets of all of them.
/// </summary>
public sealed class CompositeFault(params DrillFault[] parts) : DrillFault
{
    /// <inheritdoc />
    public override bool NeedsSimulator => parts.Any(p => p.NeedsSimulator);

    /// <inheritdoc />
    public override bool NeedsPostgres => parts.Any(p => p.NeedsPostgres);

    /// <inheritdoc />
    public override IReadOnlyList<string> ParamNames => [.. parts.SelectMany(p => p.ParamNames).Distinct(StringComparer.Ordinal)];

    /// <inheritdoc />
    public override async Task ArrangeAsync(DrillSite site, CancellationToken cancellation)
    {
        foreach (var part in parts) await part.ArrangeAsync(site, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        foreach (var part in parts) await part.InjectAsync(site, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task CleanUpAsync(DrillSite site, CancellationToken cancellation)
    {
        foreach (var part in parts.Reverse()) await part.CleanUpAsync(site, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override LoadCredential? LoadCredential(DrillSite site) => parts.Select(p => p.LoadCredential(site)).FirstOrDefault(c => c is not null);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookParams(DrillSite site) => Merge(parts.Select(p => p.RunbookParams(site)));

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookSecrets(DrillSite site) => Merge(parts.Select(p => p.RunbookSecrets(site)));

    private static Dictionary<string, string> Merge(IEnumerable<IReadOnlyDictionary<string, string>> maps)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var map in maps)
            foreach (var (k, v) in map) all[k] = v;
        return all;
    }
}
