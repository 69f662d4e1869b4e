using System.Globalization;
using System.Text.Json;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// What a simulated service's edge serves now, and what it will serve once a change has propagated. Reading it takes no
/// lock (drill load reads it thousands of times a second); changes come from the model, under its lock. Which requests
/// fail, and which version of a split gets a request, follow a counter rather than chance, so a share is exact over
/// every hundred requests and a measurement does not depend on luck.
/// </summary>
public sealed class ServiceEdge(string service)
{
    private sealed record State(IReadOnlyList<ServedVersion> Now, IReadOnlyList<ServedVersion>? Next, long NextAt);

    private volatile State _state = new([], null, 0);
    private volatile ServiceBehaviour? _override;
    private long _requests;

    /// <summary>The service's name, as its answers give it.</summary>
    public string Service { get; } = service;

    /// <summary>What it serves at <paramref name="now"/>.</summary>
    public IReadOnlyList<ServedVersion> ServedAt(long now)
    {
        var s = _state;
        return s.Next is not null && now >= s.NextAt ? s.Next : s.Now;
    }

    /// <summary>Serves <paramref name="to"/> from <paramref name="at"/> on (at once when that is not after <paramref name="now"/>); a change still propagating is superseded.</summary>
    public void Change(IReadOnlyList<ServedVersion> to, long now, long at)
    {
        var current = ServedAt(now);
        _state = at <= now ? new State(to, null, 0) : new State(current, to, at);
    }

    /// <summary>Makes every request answer as <paramref name="behaviour"/> whatever is deployed (a calibration outage); null ends it.</summary>
    public void Override(ServiceBehaviour? behaviour) => _override = behaviour;

    /// <summary>
    /// Answers one request to <paramref name="path"/> at <paramref name="now"/>; a request with a <paramref name="bearer"/>
    /// token that the serving version does not take as its API key gets 401.
    /// </summary>
    public ServiceAnswer Answer(string path, long now, string? bearer = null)
    {
        var n = Interlocked.Increment(ref _requests);
        if (_override is { } forced) return AnswerAs(new ServedVersion("override", forced), path, n);
        var served = ServedAt(now);
        if (served.Count == 0) return new ServiceAnswer(404, Json(("error", "no deployment"), ("service", Service)), "application/json", TimeSpan.Zero, "none");
        var pick = served[0];
        if (served.Count > 1)
        {
            // Spread the split across every hundred requests: request n goes to the first version while n mod 100 is under its share.
            var slot = n % 100;
            var edge = 0.0;
            foreach (var v in served)
            {
                edge += v.Percentage;
                pick = v;
                if (slot < edge) break;
            }
        }
        if (bearer is not null && pick.AuthToken is { } token && bearer != token)
            return new ServiceAnswer(401, Json(("error", "invalid API key"), ("service", Service)), "application/json", TimeSpan.Zero, pick.Version);
        return AnswerAs(pick, path, n);
    }

    private ServiceAnswer AnswerAs(ServedVersion served, string path, long n)
    {
        var (behaviour, version) = (served.Behaviour, served.Version);
        switch (behaviour.Kind)
        {
            case BehaviourKind.Maintenance:
                return new ServiceAnswer(503, $"<!doctype html><title>Maintenance</title><h1>{Service} is down for maintenance</h1>", "text/html; charset=utf-8",
                    TimeSpan.Zero, version, 120);
            case BehaviourKind.Misconfigured:
                return new ServiceAnswer(behaviour.Status, Json(("error", behaviour.Reason ?? "misconfigured"), ("service", Service), ("version", version)),
                    "application/json", TimeSpan.Zero, version);
            case BehaviourKind.Failing when Fails(behaviour.FailShare, n):
                return new ServiceAnswer(behaviour.Status, Json(("error", behaviour.Reason ?? "internal error"), ("service", Service), ("version", version)),
                    "application/json", TimeSpan.Zero, version);
            default:
                var fields = new List<(string, string)> { ("status", "ok"), ("service", Service), ("version", version), ("path", path) };
                if (served.Fields is not null) fields.AddRange(served.Fields.Select(f => (f.Key, f.Value)));
                return new ServiceAnswer(200, Json([.. fields]), "application/json",
                    behaviour.Kind == BehaviourKind.Slow ? behaviour.Latency : TimeSpan.Zero, version);
        }
    }

    // Request n fails when the running count of failures, n times the share rounded down, steps up at n.
    private static bool Fails(double share, long n)
        => share >= 1 || (share > 0 && Math.Floor(n * share) > Math.Floor((n - 1) * share));

    private static string Json(params (string Key, string Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (k, v) in fields) w.WriteString(k, v);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
