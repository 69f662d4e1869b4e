using Runbooks.Drills.Environments;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>secret-changed</c> (seed 000, Option 2A): a Worker secret the service needs is put with a wrong value, as a bad
/// rotation or a paste into the wrong field would, and the new version serves at once. The runbook gets the secret's
/// name as the <c>secret</c> param and its previous known-good value as the sealed secret <c>NAME_KNOWN_GOOD</c>, as a
/// team's vault keeps it.
/// </summary>
public sealed class SecretChangedFault(string? secret) : DrillFault
{
    /// <summary>The variable the known-good value of <paramref name="secret"/> is handed to the runbook in.</summary>
    public static string KnownGoodVariable(string secret) => secret + "_KNOWN_GOOD";

    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override IReadOnlyList<string> ParamNames => ["secret"];

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        var model = site.Simulator.Model;
        lock (model.Gate)
        {
            var worker = model.Worker(site.ServiceName!)!;
            worker.PutSecret(SecretOf(site), "drill-wrong-" + Guid.NewGuid().ToString("N")[..12], "wrangler", propagate: false);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookParams(DrillSite site) => new Dictionary<string, string> { ["secret"] = SecretOf(site) };

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookSecrets(DrillSite site)
    {
        var model = site.Simulator.Model;
        var name = SecretOf(site);
        lock (model.Gate)
            return new Dictionary<string, string> { [KnownGoodVariable(name)] = model.Worker(site.ServiceName!)!.GoodSecrets[name] };
    }

    // The fault's own setting, else the first secret the estate says the service needs.
    private string SecretOf(DrillSite site)
        => secret ?? site.Estate.Worker(site.ServiceName!).Secrets.FirstOrDefault()
            ?? throw new Core.Errors.BadInputException($"Drill {site.Drill.Name}: Worker {site.ServiceName} needs no secret in the estate, so none can be changed; add one under secrets:.");
}
