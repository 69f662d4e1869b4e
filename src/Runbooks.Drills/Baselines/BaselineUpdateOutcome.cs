namespace Runbooks.Drills.Baselines;

/// <summary>What <see cref="BaselineStore.Update"/> did.</summary>
/// <param name="Written">The drills whose new samples were recorded.</param>
/// <param name="Refused">One sentence per drill that was not recorded, saying why and how to record it anyway.</param>
public sealed record BaselineUpdateOutcome(IReadOnlyList<string> Written, IReadOnlyList<string> Refused);
