using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator;

/// <summary>
/// Faults on demand, as events in the model: the API answering 429 with <c>Retry-After</c>, 5xx, resetting connections,
/// refusing the token, every answer slower, a Vercel alias job that fails. A fault limited to <c>times</c> calls stops
/// after the last one, so the model's own answer follows. Path patterns are regular expressions over the whole path
/// (e.g. <c>/client/v4/zones/.*/purge_cache</c>).
/// </summary>
public sealed class SimulatorFaults(SimulatedEstate model)
{
    private readonly Dictionary<SimulatedApi, long> _outageSince = [];

    /// <summary>Answers 429 with <c>Retry-After: seconds</c> to the next <paramref name="times"/> calls to the API.</summary>
    public Task RateLimitAsync(SimulatedApi api, int retryAfterSeconds, int times = 1, string? pathPattern = null)
    {
        model.FaultsOf(api).Add(ApiFaultKind.RateLimit, times, pathPattern, 429, TimeSpan.FromSeconds(retryAfterSeconds));
        return Task.CompletedTask;
    }

    /// <summary>Answers <paramref name="status"/> to the next <paramref name="times"/> calls (0: every call until cleared); Cloudflare's edge sends an HTML page.</summary>
    public Task ServerErrorsAsync(SimulatedApi api, int times, int status = 502, string? pathPattern = null)
    {
        model.FaultsOf(api).Add(ApiFaultKind.ServerError, times, pathPattern, status);
        if (times == 0) _outageSince.TryAdd(api, model.Now);
        return Task.CompletedTask;
    }

    /// <summary>Resets the connection of the next <paramref name="times"/> calls (0: every call).</summary>
    public Task ConnectionResetAsync(SimulatedApi api, int times = 0, string? pathPattern = null)
    {
        model.FaultsOf(api).Add(ApiFaultKind.ConnectionReset, times, pathPattern);
        return Task.CompletedTask;
    }

    /// <summary>Makes every answer of the simulator (APIs and services) <paramref name="delay"/> slower.</summary>
    public Task LatencyAsync(TimeSpan delay)
    {
        model.Latency = delay;
        return Task.CompletedTask;
    }

    /// <summary>Rejects every call to the API as a bad token would be rejected (Cloudflare 10000, Vercel <c>invalidToken</c>).</summary>
    public Task InvalidTokenAsync(SimulatedApi api)
    {
        model.FaultsOf(api).Add(ApiFaultKind.InvalidToken);
        return Task.CompletedTask;
    }

    /// <summary>Makes the next rollback's or promote's alias job of <paramref name="project"/> (the estate's first when null) run its time and then fail.</summary>
    public Task AliasJobFailsAsync(string? project = null)
    {
        lock (model.Gate)
        {
            var target = project is null ? model.VercelProjects.FirstOrDefault() : model.VercelProject(project);
            (target ?? throw new InvalidOperationException($"The estate has no Vercel project {project}.")).FailNextAliasJob();
        }
        return Task.CompletedTask;
    }

    /// <summary>Removes every fault added so far; an API outage is recorded as the interval it lasted.</summary>
    public Task ClearAsync()
    {
        foreach (var (api, since) in _outageSince) model.Note(IntervalKind.ApiOutage, api.ToString(), since, model.Now);
        _outageSince.Clear();
        model.CloudflareFaults.Clear();
        model.VercelFaults.Clear();
        model.Latency = TimeSpan.Zero;
        return Task.CompletedTask;
    }
}
