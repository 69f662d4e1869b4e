using Runbooks.Drills.Environments;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>provider-down</c> (seed 003, Scenario 5, "AI Provider Failures"): the upstream provider the Worker calls is down,
/// so every request that needs it fails with 502. Which provider the Worker calls is a var with choices in the estate
/// (<c>choices: { AI_PROVIDER: [iflow, groq, cerebras] }</c>); switching it to one that is up restores the service.
/// <c>providers</c> names the ones down (default: the one in use; <c>all</c>: every choice, the seed's "All Providers
/// Down"). The runbook gets the var's name as <c>var</c>.
/// </summary>
public sealed class ProviderDownFault(string? variable, IReadOnlyList<string>? providers) : DrillFault
{
    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override IReadOnlyList<string> ParamNames => ["var"];

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        var (name, choices) = ChoiceOf(site);
        var model = site.Simulator.Model;
        var down = providers is ["all"] ? choices
            : providers is { Count: > 0 } ? providers
            : [site.Estate.Worker(site.ServiceName!).Vars[name]];
        foreach (var provider in down) model.SetDown(provider, true);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookParams(DrillSite site) => new Dictionary<string, string> { ["var"] = ChoiceOf(site).Name };

    private (string Name, IReadOnlyList<string> Choices) ChoiceOf(DrillSite site)
    {
        var worker = site.Estate.Worker(site.ServiceName!);
        if (variable is not null)
            return worker.Choices.TryGetValue(variable, out var listed) ? (variable, listed)
                : throw new Core.Errors.BadInputException($"Drill {site.Drill.Name}: Worker {worker.Name} has no var '{variable}' with choices in the estate; add choices: {{ {variable}: [a, b] }}.");
        var first = worker.Choices.FirstOrDefault();
        return first.Key is not null ? (first.Key, first.Value)
            : throw new Core.Errors.BadInputException($"Drill {site.Drill.Name}: Worker {worker.Name} has no var with choices in the estate, so no provider to fail over to; add choices: {{ AI_PROVIDER: [a, b] }}.");
    }
}
