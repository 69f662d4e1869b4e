using Runbooks.Drills.Environments.Simulator;

namespace Runbooks.Drills.Faults;

/// <summary><c>bad-pages-deployment</c>: a Pages deployment that answers 5xx goes live; a rollback restores the previous one.</summary>
public sealed class BadPagesDeploymentFault() : ServiceStateFault("cf-pages-" + SimulatedResources.PagesProject + "-edge", "Healthy", "Started");
