using System.Diagnostics;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// The environment every PostgreSQL program we start gets: built from scratch, so none of the operator's tokens, no
/// <c>PG*</c> of their shell and no <c>DATABASE_URL</c> reach a child (or, for a server, every backend it forks, which
/// another account may run). Kept: what a program needs to find things and print them.
/// </summary>
internal static class ChildEnvironment
{
    // LD_LIBRARY_PATH: a RUNBOOKS_PG_BINDIR build outside the system's library path needs it to start at all.
    private static readonly string[] Kept = ["PATH", "LD_LIBRARY_PATH", "LANG", "LC_ALL", "TMPDIR", "HOME", "TZ"];

    /// <summary>Empties <paramref name="psi"/>'s environment but for the search paths, locale, temp folder, home and time zone; messages in C.</summary>
    public static void FromScratch(ProcessStartInfo psi)
    {
        var inherited = psi.Environment.Where(e => Kept.Contains(e.Key, StringComparer.Ordinal)).ToList();
        psi.Environment.Clear();
        foreach (var (k, v) in inherited) psi.Environment[k] = v;
        psi.Environment["LC_ALL"] = "C"; // messages are matched and quoted: never translated
    }
}
