namespace Runbooks.Drills.Load;

/// <summary>
/// What synthetic users do, shaped like NBomber's scenario so NBomber (or k6) can replace <see cref="OpenModelLoadRunner"/>
/// in one class: a step run once per arrival, and the arrival rate over time.
/// </summary>
public sealed record LoadScenario
{
    private LoadScenario(string name, Func<long, CancellationToken, ValueTask<LoadResponse>> step)
    {
        Name = name;
        Step = step;
    }

    /// <summary>The scenario's name in reports.</summary>
    public string Name { get; }

    /// <summary>One arrival: given its sequence number, does the work and says whether it succeeded.</summary>
    public Func<long, CancellationToken, ValueTask<LoadResponse>> Step { get; }

    /// <summary>The arrival phases, in order.</summary>
    public IReadOnlyList<LoadSimulation> Simulations { get; private init; } = [];

    /// <summary>Creates a scenario (NBomber: <c>Scenario.Create</c>).</summary>
    public static LoadScenario Create(string name, Func<long, CancellationToken, ValueTask<LoadResponse>> step)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new LoadScenario(name, step);
    }

    /// <summary>Sets the arrival phases (NBomber: <c>WithLoadSimulations</c>).</summary>
    public LoadScenario WithLoadSimulations(params LoadSimulation[] simulations)
    {
        if (simulations.Length == 0) throw new ArgumentException("A scenario needs at least one load simulation.");
        return this with { Simulations = simulations };
    }
}

/// <summary>One phase of arrivals at a constant rate: an open model, arrivals do not wait for responses.</summary>
/// <param name="PerSecond">Arrivals per second.</param>
/// <param name="During">How long the phase lasts; <see cref="Timeout.InfiniteTimeSpan"/> until stopped.</param>
public sealed record LoadSimulation(double PerSecond, TimeSpan During)
{
    /// <summary>A constant arrival rate (NBomber: <c>Simulation.Inject(rate, interval, during)</c> with rate/interval per second).</summary>
    public static LoadSimulation ConstantRate(double perSecond, TimeSpan during)
    {
        if (perSecond is <= 0 or > 1_000_000) throw new ArgumentOutOfRangeException(nameof(perSecond), perSecond, "Rate must be between 0 and 1,000,000 per second.");
        if (during <= TimeSpan.Zero && during != Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(nameof(during), during, "A phase must last a positive time.");
        return new LoadSimulation(perSecond, during);
    }

    /// <summary>NBomber's shape: <paramref name="rate"/> arrivals every <paramref name="interval"/>, for <paramref name="during"/>.</summary>
    public static LoadSimulation Inject(int rate, TimeSpan interval, TimeSpan during) => ConstantRate(rate / interval.TotalSeconds, during);
}

/// <summary>How one arrival went.</summary>
/// <param name="IsError">True when it failed (non-2xx, exception, timeout).</param>
/// <param name="Status">A short code for reports (HTTP status, or an error name).</param>
public readonly record struct LoadResponse(bool IsError, string? Status = null)
{
    /// <summary>Success.</summary>
    public static LoadResponse Ok(string? status = null) => new(false, status);

    /// <summary>Failure.</summary>
    public static LoadResponse Fail(string? status = null) => new(true, status);
}
