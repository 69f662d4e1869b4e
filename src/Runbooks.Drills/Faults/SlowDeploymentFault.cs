using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>
/// A Worker version that answers every request, correctly, after <c>latency</c> is uploaded and deployed at 100%: seed 001's
/// "Critical Performance Degradation", a release nothing fails on but its users wait for. Only a latency criterion sees
/// it; rollback restores the previous version. The latency is real per request at every time scale: it is what each
/// user waits, not a span of provider time.
/// </summary>
public sealed class SlowDeploymentFault(TimeSpan latency) : ReleaseFault(ServiceBehaviour.Slow(latency))
{
    /// <summary>How long the slow version takes to answer each request.</summary>
    public TimeSpan Latency { get; } = latency;

    /// <inheritdoc />
    protected override void Release(SimulatedEstate model, string service)
        => (model.Worker(service) ?? throw new InvalidOperationException($"The simulator has no Worker {service}.")).Release(Behaviour, "drill: slow release");
}
