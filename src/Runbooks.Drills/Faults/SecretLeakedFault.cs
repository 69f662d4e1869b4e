using Runbooks.Drills.Environments;
using Runbooks.Drills.Load;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>secret-leaked</c> (seed 003, Scenario 7, "API Key Leaked"): the values of some of a Worker's secrets are out.
/// For the Worker's own API key (the estate's <c>auth</c>), an attacker presents the leaked key from the fault point on:
/// each of those requests that is served is a failure, and only a 401 is right, so the drill measures how long the
/// leaked key kept working. For a key of another provider, that provider revokes the leaked value and issues a new one
/// (as secret scanning does), so the Worker fails until it has the new value. The runbook gets the names as
/// <c>secrets</c>, each leaked value as the sealed secret <c>NAME</c> and its new value as <c>NAME_NEW</c>, as the
/// team's vault would hold them.
/// </summary>
public sealed class SecretLeakedFault(IReadOnlyList<string>? secrets) : DrillFault
{
    private readonly Dictionary<string, (string Leaked, string New)> _values = new(StringComparer.Ordinal);
    private volatile string? _leakedKey;

    /// <summary>The variable a secret's new value is handed to the runbook in.</summary>
    public static string NewVariable(string secret) => secret + "_NEW";

    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override IReadOnlyList<string> ParamNames => ["secrets"];

    /// <inheritdoc />
    public override Task ArrangeAsync(DrillSite site, CancellationToken cancellation)
    {
        var model = site.Simulator.Model;
        lock (model.Gate)
        {
            var worker = model.Worker(site.ServiceName!)!;
            var serving = worker.Version(worker.Current!.WholeVersion ?? worker.Latest.Id)!;
            foreach (var name in SecretsOf(site))
                _values[name] = (serving.Secrets.GetValueOrDefault(name) ?? "", "rotated-" + Guid.NewGuid().ToString("N"));
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        var model = site.Simulator.Model;
        var auth = site.Estate.Worker(site.ServiceName!).Auth;
        lock (model.Gate)
        {
            var worker = model.Worker(site.ServiceName!)!;
            foreach (var (name, (leaked, replacement)) in _values)
                if (name == auth) _leakedKey = leaked;
                else worker.RevokeSecret(name, replacement);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override LoadCredential? LoadCredential(DrillSite site)
        => site.Estate.Worker(site.ServiceName!).Auth is { } auth && SecretsOf(site).Contains(auth)
            ? new LoadCredential(() => _leakedKey, status => status is 401 or 403)
            : null;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookParams(DrillSite site)
        => new Dictionary<string, string> { ["secrets"] = string.Join(",", SecretsOf(site)) };

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookSecrets(DrillSite site)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, (leaked, replacement)) in _values)
        {
            given[name] = leaked;
            given[NewVariable(name)] = replacement;
        }
        return given;
    }

    // The fault's own list, else the Worker's API key, else its first secret.
    private IReadOnlyList<string> SecretsOf(DrillSite site)
    {
        var worker = site.Estate.Worker(site.ServiceName!);
        if (secrets is { Count: > 0 })
        {
            var unknown = secrets.Where(s => !worker.Secrets.Contains(s)).ToList();
            if (unknown.Count > 0)
                throw new Core.Errors.BadInputException($"Drill {site.Drill.Name}: Worker {worker.Name} has no secret {string.Join(", ", unknown)}; it has: {string.Join(", ", worker.Secrets)}.");
            return secrets;
        }
        return worker.Auth is { } auth ? [auth]
            : worker.Secrets.Count > 0 ? [worker.Secrets[0]]
            : throw new Core.Errors.BadInputException($"Drill {site.Drill.Name}: Worker {worker.Name} needs no secret in the estate, so none can leak; add one under secrets:.");
    }
}
