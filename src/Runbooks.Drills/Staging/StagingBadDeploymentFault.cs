using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator.Model;
using Runbooks.Drills.Faults;
using Runbooks.Providers.Cloudflare;

namespace Runbooks.Drills.Staging;

/// <summary>
/// <c>bad-deployment</c> in staging, through Cloudflare's public API only, as a team's own bad release would arrive:
/// a small generated module that fails every request (or <c>share</c> of them) is uploaded as a new version of the
/// staging Worker (CF-5b) and deployed at 100% (CF-4). Before that, the deployment serving is recorded; whatever happens
/// afterwards (the runbook fails, a stop condition trips, Ctrl-C), clean-up deploys that version again when anything
/// else serves, so a drill never leaves staging worse than it found it.
/// </summary>
public sealed class StagingBadDeploymentFault(CloudflareClient api, string worker, ServiceBehaviour behaviour) : DrillFault
{
    private string? _before;

    /// <inheritdoc />
    public override async Task ArrangeAsync(DrillSite site, CancellationToken cancellation)
    {
        var serving = (await api.ListDeployments(worker, cancellation).ConfigureAwait(false)).FirstOrDefault();
        _before = serving?.SingleVersionId
            ?? throw new Core.Errors.BadInputException($"Staging Worker {worker} does not serve one version at 100% ({(serving is null ? "no deployment" : "a split deployment")}): "
                + "the drill would not know what to restore; deploy one version first.");
        site.Log($"  staging: {worker} serves version {_before} before the drill; it is restored afterwards whatever happens.");
    }

    /// <inheritdoc />
    public override async Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        var vars = (await api.GetSettings(worker, cancellation).ConfigureAwait(false)).Vars;
        var module = ModuleBehaviour.ModuleFor(behaviour);
        var version = await api.UploadVersion(worker, new WorkerVersionUpload("index.js", new Dictionary<string, string> { ["index.js"] = module }, vars,
            "drill: bad release"), cancellation).ConfigureAwait(false);
        await api.CreateDeployment(worker, version.Id, "drill: bad release", cancellation: cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task CleanUpAsync(DrillSite site, CancellationToken cancellation)
    {
        if (_before is null) return;
        var serving = (await api.ListDeployments(worker, cancellation).ConfigureAwait(false)).FirstOrDefault()?.SingleVersionId;
        if (serving == _before)
        {
            site.Log($"  staging: {worker} serves its pre-drill version {_before} again.");
            return;
        }
        // force: a secret the runbook put since would otherwise refuse going back (10220); the pre-drill state is the point.
        await api.CreateDeployment(worker, _before, "drill: restore the pre-drill state", force: true, cancellation: cancellation).ConfigureAwait(false);
        site.Log($"  staging: restored {worker} to its pre-drill version {_before} (it served {serving ?? "a split"}).");
    }
}
