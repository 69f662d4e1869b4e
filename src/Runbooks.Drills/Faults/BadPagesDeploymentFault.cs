using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>A push builds a Pages production deployment that fails, and it serves at once.</summary>
public sealed class BadPagesDeploymentFault(ServiceBehaviour? behaviour = null) : ReleaseFault(behaviour ?? ServiceBehaviour.Failing())
{
    /// <inheritdoc />
    protected override void Release(SimulatedEstate model, string service)
        => (model.Pages(service) ?? throw new InvalidOperationException($"The simulator has no Pages project {service}.")).Push(Behaviour);
}
