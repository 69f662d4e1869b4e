using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>runaway-processing</c> (seed 004, "Stop all non-critical processing"): a release whose background processing runs
/// away goes live on the Vercel project; every build with <c>switch</c> (default <c>PROCESSING_ENABLED</c>) on fails.
/// Turning the switch off reaches the app only through a new build, as on Vercel: the runbook must redeploy.
/// </summary>
public sealed class RunawayProcessingFault(string killSwitch) : DrillFault
{
    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        var model = site.Simulator.Model;
        lock (model.Gate)
        {
            var project = model.VercelProject(site.ServiceName!) ?? throw new InvalidOperationException($"The simulator has no Vercel project {site.ServiceName}.");
            project.BreakWhen(killSwitch, "true");
            project.Push(ServiceBehaviour.Healthy); // the release's own code is fine; what it switches on is not
        }
        return Task.CompletedTask;
    }
}
