using Runbooks.Core.Errors;

namespace Runbooks.Providers.Http;

/// <summary>
/// Polls a provider's long-running work (a Neon operation, a Supabase restore) until it is done, on the run's clock:
/// each pause is the provider's time, so a drill waits it at its scale and records it as simulated time, and the
/// deadline is real-world like every other that decides an outcome.
/// </summary>
internal static class ProviderPoll
{
    /// <summary>
    /// Reads with <paramref name="read"/> until <paramref name="done"/> says true (returns the last read, the polls and the
    /// time taken) or false (throws the sentence <paramref name="failure"/> makes of the last read); null polls on.
    /// </summary>
    public static async Task<(T Last, int Polls, TimeSpan Elapsed)> UntilAsync<T>(ProviderContext context, string provider, string what,
        TimeSpan interval, TimeSpan timeout, Func<CancellationToken, Task<T>> read, Func<T, bool?> done, Func<T, string> failure,
        Func<T, string> state, CancellationToken cancellation)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, context.Cancellation);
        var deadline = context.Clock.Deadline(timeout);
        var started = context.Clock.Time.GetTimestamp();
        var polls = 0;
        while (true)
        {
            var last = await read(linked.Token).ConfigureAwait(false);
            polls++;
            var elapsed = context.Clock.Time.GetElapsedTime(started);
            switch (done(last))
            {
                case true:
                    return (last, polls, elapsed);
                case false:
                    throw new ProviderException(failure(last), provider, null, null);
            }
            if (elapsed + context.Clock.Deadline(interval) > deadline)
                throw new RunbookException($"{provider}: {what} was still {state(last)} after {Core.Timing.HumanDuration.Of(timeout)} ({polls} polls); " +
                    "it may still finish: check it in the provider's console before running the step again.", ExitCodes.Failed);
            await context.Clock.WaitAsync(interval, $"{provider}: waiting for {what}", linked.Token).ConfigureAwait(false);
        }
    }
}
