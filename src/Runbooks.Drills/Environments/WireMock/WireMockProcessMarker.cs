using System.Diagnostics;

namespace Runbooks.Drills.Environments.WireMock;

/// <summary>
/// Marks every WireMock java process this code starts with its owner's process id (a JVM system property on the command
/// line), so that leftovers can be found: <see cref="ReapOrphans"/> kills the servers whose owner died without stopping
/// them (a killed test run, a SIGKILLed CLI), and <see cref="RunningFor"/> lets tests prove nothing was left behind.
/// Linux only (it reads <c>/proc</c>); elsewhere both do nothing.
/// </summary>
public static class WireMockProcessMarker
{
    private const string Property = "-Drunbooks.wiremock.owner=";

    /// <summary>The JVM argument that marks a server started by <paramref name="ownerPid"/>.</summary>
    public static string Argument(int ownerPid) => Property + ownerPid;

    /// <summary>The process ids of the marked WireMock servers that <paramref name="ownerPid"/> started and that still run.</summary>
    public static IReadOnlyList<int> RunningFor(int ownerPid) => Marked().Where(m => m.Owner == ownerPid).Select(m => m.Pid).ToList();

    /// <summary>Kills marked servers whose owner process is gone; returns how many.</summary>
    public static int ReapOrphans()
    {
        var killed = 0;
        foreach (var (pid, owner) in Marked())
        {
            if (IsAlive(owner)) continue;
            try
            {
                using var orphan = Process.GetProcessById(pid);
                orphan.Kill();
                killed++;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It ended on its own meanwhile, or is not ours to kill.
            }
        }
        return killed;
    }

    private static IEnumerable<(int Pid, int Owner)> Marked()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc")) yield break;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            var at = cmdline.IndexOf(Property, StringComparison.Ordinal);
            if (at < 0 || !cmdline.Contains("wiremock-standalone", StringComparison.Ordinal)) continue;
            var digits = cmdline.AsSpan(at + Property.Length);
            var end = digits.IndexOf('\0');
            if (int.TryParse(end < 0 ? digits : digits[..end], out var owner)) yield return (pid, owner);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
