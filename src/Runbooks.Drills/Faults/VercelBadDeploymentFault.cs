using Runbooks.Drills.Environments.Simulator;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>vercel-bad-deployment</c>: a Vercel production deployment that answers 5xx is promoted (seed 004); instant rollback
/// restores the previous one. Before the fault the project is as a finished rollback leaves it: the good deployment serves.
/// </summary>
public sealed class VercelBadDeploymentFault() : ServiceStateFault(SimulatedResources.VercelScenario, "RolledBack", "Started");
