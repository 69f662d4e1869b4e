using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>A Vercel production deployment that fails goes live; instant rollback restores the one before.</summary>
public sealed class VercelBadDeploymentFault(ServiceBehaviour? behaviour = null) : ReleaseFault(behaviour ?? ServiceBehaviour.Failing())
{
    /// <inheritdoc />
    protected override void Release(SimulatedEstate model, string service)
        => (model.VercelProject(service) ?? throw new InvalidOperationException($"The simulator has no Vercel project {service}.")).Push(Behaviour);
}
