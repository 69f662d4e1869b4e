using System.Globalization;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// The backstop for runs that were killed before they could clean up: every local server directory (the embedded drill
/// server, a point-in-time copy) is named
/// <c>runbooks-pg-*</c> and holds an <c>owner</c> file (pid and start time of the process that made it). A directory
/// whose owner is gone has its server stopped and is deleted. Runs before each local server starts.
/// </summary>
public static class LocalPostgresReaper
{
    /// <summary>The prefix of every embedded server's temp directory.</summary>
    public const string DirectoryPrefix = "runbooks-pg-";

    /// <summary>The file inside that names its owner process.</summary>
    public const string OwnerFile = "owner";

    /// <summary>Stops and removes what dead runs left in <paramref name="root"/>; returns how many directories it removed.</summary>
    public static int Sweep(string root)
    {
        if (!Directory.Exists(root)) return 0;
        var removed = 0;
        foreach (var dir in Directory.EnumerateDirectories(root, DirectoryPrefix + "*"))
        {
            if (OwnerIsAlive(dir)) continue;
            StopServer(dir);
            if (TryDelete(dir)) removed++;
        }
        return removed;
    }

    /// <summary>Writes the owner file for the current process into <paramref name="directory"/>.</summary>
    internal static void MarkOwned(string directory)
    {
        var pid = System.Environment.ProcessId;
        File.WriteAllText(Path.Combine(directory, OwnerFile),
            string.Create(CultureInfo.InvariantCulture, $"{pid} {ProcessSignals.StartTicks(pid)}\n"));
    }

    /// <summary>The pid in <c>DATA/postmaster.pid</c> (its first line), when the server is still running.</summary>
    internal static int? RunningServer(string directory)
    {
        var pidFile = Path.Combine(directory, "data", "postmaster.pid");
        try
        {
            var first = File.ReadLines(pidFile).FirstOrDefault();
            return int.TryParse(first, out var pid) && ProcessSignals.IsAlive(pid) && IsPostgres(pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Stops the server of <paramref name="directory"/>, if one runs: fast shutdown, then SIGKILL after a few seconds.</summary>
    internal static void StopServer(string directory, TimeSpan? grace = null)
    {
        if (RunningServer(directory) is not { } pid) return;
        ProcessSignals.Send(pid, ProcessSignals.Interrupt);
        var waited = System.Diagnostics.Stopwatch.StartNew(); // a real process is waited for: real time, not the run's clock
        while (ProcessSignals.IsAlive(pid) && waited.Elapsed < (grace ?? TimeSpan.FromSeconds(5))) Thread.Sleep(20);
        if (ProcessSignals.IsAlive(pid)) ProcessSignals.Send(pid, ProcessSignals.Kill);
    }

    internal static bool TryDelete(string directory)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
                return true;
            }
            catch (IOException)
            {
                Thread.Sleep(50); // a backend still exiting may hold a file a moment longer
            }
            catch (UnauthorizedAccessException)
            {
                return false; // another user's run: not ours to remove
            }
        }
        return false;
    }

    private static bool OwnerIsAlive(string directory)
    {
        try
        {
            var parts = File.ReadAllText(Path.Combine(directory, OwnerFile)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var pid = int.Parse(parts[0], CultureInfo.InvariantCulture);
            long? start = parts.Length > 1 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var s) ? s : null;
            return ProcessSignals.IsAlive(pid, start);
        }
        catch (FileNotFoundException)
        {
            // Being created right now (the owner file is written first thing) or abandoned before that: only old ones are leftovers.
            return Directory.GetCreationTimeUtc(directory) > DateTime.UtcNow.AddMinutes(-1);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return true; // unreadable: leave it alone rather than kill something we do not understand
        }
    }

    private static bool IsPostgres(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() is "postgres" or "postmaster";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
