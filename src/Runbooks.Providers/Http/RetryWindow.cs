using Runbooks.Core.Timing;

namespace Runbooks.Providers.Http;

/// <summary>
/// One call's attempts so far and how long, in the real world, it has been trying: what decides whether another
/// retry fits <see cref="ProviderHttpOptions.RetryBudget"/>, and what the final error sentence reports.
/// </summary>
internal sealed class RetryWindow(RunClock clock, ProviderHttpOptions options)
{
    private readonly long _started = clock.Time.GetTimestamp();
    private TimeSpan _waited;

    /// <summary>Attempts sent, the first included.</summary>
    public int Attempts { get; private set; }

    /// <summary>
    /// Time since the first attempt as the real world would have spent it (DESIGN.md, "Drill time"): round trips are
    /// measured work and count as they took; back-offs count as the real-world wait they stand for. Scaling the whole
    /// span instead would count a 30 s attempt timeout at scale 0.02 as 25 min and end the retries after one attempt.
    /// </summary>
    public TimeSpan RealWorldElapsed
    {
        get
        {
            var elapsed = clock.Time.GetElapsedTime(_started);
            return elapsed - _waited + clock.Scale.ToRealWorld(_waited);
        }
    }

    /// <summary>Counts an attempt.</summary>
    public void AttemptStarted() => Attempts++;

    /// <summary>Whether another attempt may follow a wait of <paramref name="delay"/> (real-world): attempts left, and the wait ends within the budget.</summary>
    public bool Allows(TimeSpan delay)
        => (options.MaxAttempts is not { } max || Attempts < max) && RealWorldElapsed + delay <= options.RetryBudget;

    /// <summary>Waits <paramref name="delay"/> (real-world) on the run's clock, recorded as <paramref name="what"/>.</summary>
    public async Task WaitAsync(TimeSpan delay, string what, CancellationToken cancellation)
    {
        var start = clock.Time.GetTimestamp();
        try { await clock.WaitAsync(delay, what, cancellation).ConfigureAwait(false); }
        finally { _waited += clock.Time.GetElapsedTime(start); }
    }

    /// <summary>"1 attempt", or "41 attempts over 5 min 2 s" (real-world).</summary>
    public string Summary => Attempts == 1 ? "1 attempt" : $"{Attempts} attempts over {HumanDuration.Of(RealWorldElapsed)}";
}
