using Runbooks.Drills.Environments.Simulator;

namespace Runbooks.Drills.Faults;

/// <summary><c>bad-deployment</c>: a Worker version that answers 5xx goes live (seed 000); a rollback restores the previous one.</summary>
public sealed class BadDeploymentFault() : ServiceStateFault(SimulatedResources.WorkerEdgeScenario, "Healthy", "Started");
