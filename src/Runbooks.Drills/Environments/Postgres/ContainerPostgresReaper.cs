using Runbooks.Providers.Postgres;
using System.Globalization;

namespace Runbooks.Drills.Environments.Postgres;

/// <summary>
/// The backstop for runs killed before they could remove their container, as <see cref="LocalPostgresReaper"/> is for
/// the embedded server: every container Runbooks starts carries <see cref="Label"/> and its owner (pid and start time of
/// the process, and the host it runs on). Before each start, a container of this host whose owner is gone is removed;
/// containers of live runs, of other hosts sharing the daemon, and everyone else's are left alone.
/// </summary>
public static class ContainerPostgresReaper
{
    /// <summary>The label (<c>key=value</c>) every drill container carries.</summary>
    public const string Label = "runbooks.drill=true";

    /// <summary>The label holding the owner process: <c>PID START_TICKS</c>.</summary>
    public const string OwnerLabel = "runbooks.drill.owner";

    /// <summary>The label holding the owner's host name.</summary>
    public const string HostLabel = "runbooks.drill.host";

    /// <summary>The label that tells one start's container from every other, so a failed start can remove exactly its own.</summary>
    public const string InstanceLabel = "runbooks.drill.instance";

    /// <summary>The labels a container started by this process carries.</summary>
    public static IReadOnlyDictionary<string, string> LabelsForThisProcess()
    {
        var pid = System.Environment.ProcessId;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Label.Split('=')[0]] = "true",
            [OwnerLabel] = string.Create(CultureInfo.InvariantCulture, $"{pid} {ProcessSignals.StartTicks(pid)}"),
            [HostLabel] = System.Environment.MachineName,
        };
    }

    /// <summary>Removes the labelled containers of this host whose owner process is gone; returns how many it removed.</summary>
    public static async Task<int> SweepAsync(CancellationToken cancellation = default)
    {
        using var docker = DockerEngine.FromEnvironment();
        return await SweepAsync(docker, cancellation).ConfigureAwait(false);
    }

    internal static async Task<int> SweepAsync(DockerEngine docker, CancellationToken cancellation)
    {
        var removed = 0;
        foreach (var (id, labels) in await docker.ContainersAsync(Label, cancellation).ConfigureAwait(false))
        {
            if (!labels.TryGetValue(HostLabel, out var host) || host != System.Environment.MachineName) continue;
            if (OwnerIsAlive(labels)) continue;
            if (await docker.RemoveAsync(id, cancellation).ConfigureAwait(false)) removed++;
        }
        return removed;
    }

    /// <summary>
    /// Removes the container labelled <see cref="InstanceLabel"/>=<paramref name="instance"/>, looking twice: a create the
    /// caller cancelled may land in the daemon a moment later. Best effort; the sweep removes what it misses.
    /// </summary>
    internal static async Task RemoveInstanceAsync(string instance)
    {
        using var docker = DockerEngine.FromEnvironment();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            for (var look = 0; look < 2; look++)
            {
                if (look > 0) await Task.Delay(TimeSpan.FromMilliseconds(500), limit.Token).ConfigureAwait(false);
                foreach (var (id, _) in await docker.ContainersAsync($"{InstanceLabel}={instance}", limit.Token).ConfigureAwait(false))
                    await docker.RemoveAsync(id, limit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            // Docker went away: nothing more to do here
        }
    }

    private static bool OwnerIsAlive(IReadOnlyDictionary<string, string> labels)
    {
        if (!labels.TryGetValue(OwnerLabel, out var owner)) return true; // not one of ours after all: leave it
        var parts = owner.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)) return true;
        long? start = parts.Length > 1 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var s) ? s : null;
        return ProcessSignals.IsAlive(pid, start);
    }
}
