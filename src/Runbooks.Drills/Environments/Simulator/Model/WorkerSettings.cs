namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>A Worker version's settings besides bindings (CF-12).</summary>
/// <param name="CompatibilityDate">Its compatibility date.</param>
/// <param name="CompatibilityFlags">Its compatibility flags.</param>
/// <param name="UsageModel"><c>standard</c>, <c>bundled</c>, <c>unbound</c>.</param>
/// <param name="Logpush">Whether Logpush is on.</param>
/// <param name="Tags">The script's tags.</param>
public sealed record WorkerSettings(string CompatibilityDate, IReadOnlyList<string> CompatibilityFlags, string UsageModel, bool Logpush, IReadOnlyList<string> Tags)
{
    /// <summary>What a new Worker starts with.</summary>
    public static WorkerSettings Default { get; } = new("2026-01-01", [], "standard", false, []);
}
