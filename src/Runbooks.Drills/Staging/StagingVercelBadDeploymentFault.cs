using Runbooks.Core.Estates;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Faults;
using Runbooks.Providers.Vercel;

namespace Runbooks.Drills.Staging;

/// <summary>
/// <c>vercel-bad-deployment</c> in staging, through Vercel's public API only, as a bad configuration change would arrive:
/// the app's own fault flag is set on the staging project (V-8) and the deployment production serves is redeployed with
/// it (V-11), so the new build fails. Before that, the production deployment and every env var (value, or absence) are
/// recorded; whatever happens afterwards (the runbook fails, a stop condition trips, Ctrl-C), clean-up puts the env vars
/// back as they were and promotes the recorded deployment (V-5) when anything else serves.
/// </summary>
public sealed class StagingVercelBadDeploymentFault(VercelFacade vercel, string project, EstateFaultFlag flag) : DrillFault
{
    private string? _before;
    private IReadOnlyList<VercelEnvVar> _env = [];

    /// <inheritdoc />
    public override async Task ArrangeAsync(DrillSite site, CancellationToken cancellation)
    {
        var p = await vercel.Project(project, cancellation).ConfigureAwait(false);
        _env = await vercel.Api.ListEnv(project, decrypt: true, cancellation).ConfigureAwait(false);
        // Recorded only once both reads succeeded: clean-up restores what it knows completely, or nothing.
        _before = p.ProductionDeploymentId
            ?? throw new Core.Errors.BadInputException($"Staging Vercel project {project} has no production deployment: the drill would not know what to restore.");
        var prior = _env.FirstOrDefault(e => e.Key == flag.Key);
        site.Log($"  staging: {project} serves deployment {_before} before the drill, {flag.Key} is {(prior is null ? "not set" : "set")}; "
            + "both are restored afterwards whatever happens.");
    }

    /// <inheritdoc />
    public override async Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        await vercel.SetEnv(project, flag.Key, flag.Value, comment: "drill: fault flag", cancellation: cancellation).ConfigureAwait(false);
        var built = await vercel.RedeployProduction(project, cancellation: cancellation).ConfigureAwait(false);
        site.Log($"  staging: {project} redeployed as {built.Id} with {flag.Key} set.");
    }

    /// <inheritdoc />
    public override async Task CleanUpAsync(DrillSite site, CancellationToken cancellation)
    {
        if (_before is null) return;
        await RestoreEnvAsync(site, cancellation).ConfigureAwait(false);
        var serving = (await vercel.Project(project, cancellation).ConfigureAwait(false)).ProductionDeploymentId;
        if (serving == _before)
        {
            site.Log($"  staging: {project} serves its pre-drill deployment {_before} again.");
            return;
        }
        await vercel.Promote(project, _before, cancellation: cancellation).ConfigureAwait(false);
        site.Log($"  staging: restored {project} to its pre-drill deployment {_before} (it served {serving ?? "nothing"}).");
    }

    // Every env var as it was: the fault's flag, and the runbook's kill switches too, since staging is left as it was found.
    // A sensitive value cannot be read back, so one that changed is named rather than guessed.
    private async Task RestoreEnvAsync(DrillSite site, CancellationToken cancellation)
    {
        var now = await vercel.Api.ListEnv(project, decrypt: true, cancellation).ConfigureAwait(false);
        var changed = new List<string>();
        foreach (var e in now.Where(e => !_env.Any(b => b.Id == e.Id)))
        {
            await vercel.Api.DeleteEnv(project, e.Id, cancellation).ConfigureAwait(false);
            changed.Add($"{e.Key} removed");
        }
        foreach (var before in _env)
        {
            var current = now.FirstOrDefault(e => e.Id == before.Id);
            if (current is not null && current.Value == before.Value && current.Target.SequenceEqual(before.Target)) continue;
            if (before.Type == "sensitive")
            {
                site.Log($"  staging: {before.Key} on {project} is sensitive and changed during the drill; its value cannot be read back, so it was left as it is.");
                continue;
            }
            if (current is not null)
                await vercel.Api.UpdateEnv(project, before.Id, new EnvVarPatch { Value = before.Value, Target = before.Target }, cancellation).ConfigureAwait(false);
            else
                await vercel.Api.CreateEnv(project, new EnvVarInput { Key = before.Key, Value = before.Value ?? "", Type = before.Type ?? "encrypted", Target = before.Target,
                    Comment = before.Comment }, upsert: true, cancellation).ConfigureAwait(false);
            changed.Add($"{before.Key} put back");
        }
        if (changed.Count > 0) site.Log($"  staging: env vars of {project} as before the drill ({string.Join(", ", changed)}).");
    }
}
