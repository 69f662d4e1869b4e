using System.Runtime.InteropServices;

namespace Runbooks.Providers.Postgres;

/// <summary>Signals and liveness by pid, for processes this one did not start (a server left behind by a killed run).</summary>
internal static class ProcessSignals
{
    /// <summary>PostgreSQL's "fast shutdown": roll back open transactions, disconnect, stop.</summary>
    public const int Interrupt = 2;

    /// <summary>PostgreSQL's "immediate shutdown".</summary>
    public const int Quit = 3;

    public const int Kill = 9;

    public static bool Send(int pid, int signal) => pid > 0 && kill(pid, signal) == 0;

    /// <summary>
    /// Whether <paramref name="pid"/> runs (a zombie does not) and is still the process that started at
    /// <paramref name="startTicks"/> (pids are reused).
    /// </summary>
    public static bool IsAlive(int pid, long? startTicks = null)
        => pid > 0 && Stat(pid) is { } f && f[0] != "Z" && (startTicks is null || f[19] == startTicks.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Field 22 of <c>/proc/PID/stat</c>: when the process started, in clock ticks since boot; null if it is gone.</summary>
    public static long? StartTicks(int pid)
        => Stat(pid) is { } f && long.TryParse(f[19], System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null;

    // The fields of /proc/PID/stat from field 3 (state) on. The command name (field 2) is in parentheses and may hold
    // spaces, so fields are counted after the last ')'.
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
