namespace Runbooks.Core.Steps;

/// <summary>
/// How a step runs. Immutable; validated when the step is declared so a bad option fails before the body runs.
/// </summary>
public sealed record StepOptions
{
    /// <summary>The defaults: no timeout, no retries, stop the runbook on failure, not destructive.</summary>
    public static StepOptions Default { get; } = new();

    /// <summary>The step changes production: it asks for confirmation unless <c>--yes</c>, and is skipped under <c>--dry-run</c>.</summary>
    public bool Destructive { get; init; }

    /// <summary>A failure is journaled but the runbook goes on.</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>Limit for one attempt of the body, real-world (run on the run's clock); null for none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How many times a failed attempt is tried again (0 = once in all).</summary>
    public int Retries { get; init; }

    /// <summary>The first delay between attempts, real-world; later ones back off exponentially with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentException"/> for values that cannot mean anything.</summary>
    public StepOptions Validate(string stepName)
    {
        if (Timeout is { } t && t <= TimeSpan.Zero)
            throw new ArgumentException($"Step '{stepName}': timeout must be positive, not {t}.");
        if (Retries is < 0 or > 100)
            throw new ArgumentException($"Step '{stepName}': retries must be between 0 and 100, not {Retries}.");
        if (RetryDelay < TimeSpan.Zero)
            throw new ArgumentException($"Step '{stepName}': retryDelay must not be negative.");
        return this;
    }
}
