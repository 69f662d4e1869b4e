using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>bad-releases</c> (seed 000, Option 1B's case): the last <c>count</c> releases of the Worker all fail, so rolling back
/// to the previous version is no way out; a known-good bundle is.
/// </summary>
public sealed class BadHistoryFault(int count) : ReleaseFault(ServiceBehaviour.Failing())
{
    /// <inheritdoc />
    protected override void Release(SimulatedEstate model, string service)
    {
        var worker = model.Worker(service) ?? throw new InvalidOperationException($"The simulator has no Worker {service}.");
        for (var i = 1; i <= count; i++) worker.Release(Behaviour, $"drill: bad release {i} of {count}");
    }
}
