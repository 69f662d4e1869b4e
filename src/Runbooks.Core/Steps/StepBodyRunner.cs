using Polly;
using Polly.Retry;

namespace Runbooks.Core.Steps;

/// <summary>
/// Runs a step body with its timeout and retries, and abandons a body that ignores cancellation: when the run is
/// cancelled (or an attempt times out) the body gets the grace period to stop, then the step moves on without it.
/// </summary>
internal sealed class StepBodyRunner(TimeProvider time, TimeSpan grace)
{
    /// <summary>Runs <paramref name="body"/> per <paramref name="options"/>; <paramref name="attempts"/> counts how often it ran.</summary>
    public async Task<T> RunAsync<T>(string stepName, Func<CancellationToken, Task<T>> body, StepOptions options,
        Action<string> log, StrongBox<int> attempts, CancellationToken cancellation)
    {
        if (options.Retries == 0)
            return await AttemptAsync(body, options.Timeout, attempts, cancellation).ConfigureAwait(false);
        return await RetryAsync(stepName, body, options, log, attempts, cancellation).ConfigureAwait(false);
    }

    // Kept apart so that Polly is loaded only by runbooks that ask for retries: a cached run stays fast.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private async Task<T> RetryAsync<T>(string stepName, Func<CancellationToken, Task<T>> body, StepOptions options,
        Action<string> log, StrongBox<int> attempts, CancellationToken cancellation)
    {
        var pipeline = new ResiliencePipelineBuilder<T> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = options.Retries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Cancellation of the run is final; everything else the body throws is worth another attempt.
                ShouldHandle = new PredicateBuilder<T>().Handle<Exception>(e => !cancellation.IsCancellationRequested),
                OnRetry = args =>
                {
                    log($"Step '{stepName}': attempt {args.AttemptNumber + 1} failed ({args.Outcome.Exception?.Message}); retrying in {args.RetryDelay.TotalSeconds:0.0} s");
                    return default;
                },
            })
            .Build();
        return await pipeline.ExecuteAsync(
            async ct => await AttemptAsync(body, options.Timeout, attempts, ct).ConfigureAwait(false),
            cancellation).ConfigureAwait(false);
    }

    private async Task<T> AttemptAsync<T>(Func<CancellationToken, Task<T>> body, TimeSpan? timeout, StrongBox<int> attempts,
        CancellationToken cancellation)
    {
        attempts.Value++;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (timeout is { } t) cts.CancelAfter(t);
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
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancelled).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested)
        {
            try { await Task.Delay(grace, time, stop).ConfigureAwait(false); }
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
