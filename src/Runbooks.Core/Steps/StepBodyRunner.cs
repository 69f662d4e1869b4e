using Runbooks.Core.Timing;

namespace Runbooks.Core.Steps;

/// <summary>
/// Runs a step body with its timeout and retries, and abandons a body that ignores cancellation: when the run is
/// cancelled (or an attempt times out) the body gets the grace period to stop, then the step moves on without it.
/// Timeouts and retry delays are real-world durations run on the run's clock, so in a drill they last their length
/// times the scale; the grace period is the body's own work and is not scaled.
/// </summary>
internal sealed class StepBodyRunner(RunClock clock, TimeSpan grace)
{
    private TimeProvider Time => clock.Time;

    /// <summary>Runs <paramref name="body"/> per <paramref name="options"/>; <paramref name="attempts"/> counts how often it ran.</summary>
    public async Task<T> RunAsync<T>(string stepName, Func<CancellationToken, Task<T>> body, StepOptions options,
        Action<string> log, StrongBox<int> attempts, CancellationToken cancellation)
    {
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await AttemptAsync(body, options.Timeout, attempts, cancellation).ConfigureAwait(false);
            }
            // Cancellation of the run is final; everything else the body throws is worth another attempt.
            catch (Exception e) when (retry < options.Retries && !cancellation.IsCancellationRequested)
            {
                var delay = RetryDelay(options.RetryDelay, retry);
                log($"Step '{stepName}': attempt {retry + 1} failed ({e.Message}); retrying in {Format(delay)}");
                await clock.WaitAsync(delay, $"step '{stepName}' retry delay", cancellation).ConfigureAwait(false);
            }
        }
    }

    // Exponential from the first delay, with up to ±25% jitter so parallel runs do not retry in step.
    private static TimeSpan RetryDelay(TimeSpan first, int retry)
    {
        var doubled = first.Ticks * (double)(1L << Math.Min(retry, 16));
        var jittered = doubled * (0.75 + Random.Shared.NextDouble() * 0.5);
        return TimeSpan.FromTicks((long)Math.Min(jittered, TimeSpan.FromDays(1).Ticks));
    }

    private async Task<T> AttemptAsync<T>(Func<CancellationToken, Task<T>> body, TimeSpan? timeout, StrongBox<int> attempts,
        CancellationToken cancellation)
    {
        attempts.Value++;
        // The timeout's source runs on the run's clock (CancelAfter would run on the system's, unscaled).
        using var timer = timeout is { } t ? new CancellationTokenSource(clock.Deadline(t), Time) : new CancellationTokenSource();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timer.Token);
        Task<T> task;
        try { task = body(cts.Token); }
        catch (Exception e) { task = Task.FromException<T>(e); }

        using var abandon = new CancellationTokenSource();
        var abandoned = AbandonAfterGraceAsync(cts.Token, abandon.Token);
        var winner = await Task.WhenAny(task, abandoned).ConfigureAwait(false);
        abandon.Cancel();
        if (winner == task)
        {
            var stoppedByUs = cts.IsCancellationRequested
                && (task.IsCanceled || task.Exception?.InnerException is OperationCanceledException);
            if (!stoppedByUs) return await task.ConfigureAwait(false);
        }

        // Observe the abandoned body's eventual failure so it is not reported as unobserved.
        _ = task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        cancellation.ThrowIfCancellationRequested();
        throw new TimeoutException($"timed out after {Format(timeout!.Value)}");
    }

    private async Task AbandonAfterGraceAsync(CancellationToken cancelled, CancellationToken stop)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, Time, cancelled).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested)
        {
            try { await Task.Delay(grace, Time, stop).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            return;
        }
    }

    private static string Format(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#} s" : $"{t.TotalMilliseconds:0} ms";
}

/// <summary>A mutable box for a value type, shared between a caller and an async method.</summary>
internal sealed class StrongBox<T>(T value)
{
    public T Value = value;
}
