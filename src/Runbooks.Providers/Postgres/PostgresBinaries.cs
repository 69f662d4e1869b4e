using System.Diagnostics;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// Finds the PostgreSQL programs (<c>initdb</c>, <c>postgres</c>, <c>pg_dump</c>, <c>pg_restore</c>, <c>psql</c>) in one
/// installation directory, so the server and the dump tools always share a major version. Looked for, in order:
/// <c>RUNBOOKS_PG_BINDIR</c>, <c>initdb</c> on PATH (symlinks resolved), <c>pg_config --bindir</c>, and the newest
/// <c>/usr/lib/postgresql/*/bin</c>.
/// </summary>
public sealed class PostgresBinaries
{
    /// <summary>The one sentence a machine without PostgreSQL gets, with the command that fixes it.</summary>
    public const string MissingMessage = "PostgreSQL server binaries not found: sudo apt-get install -y postgresql";

    /// <summary>Overrides the search with a directory (for a PostgreSQL built or unpacked elsewhere).</summary>
    public const string DirectoryVariable = "RUNBOOKS_PG_BINDIR";

    private static readonly Lazy<PostgresBinaries?> Found = new(() => Search(Candidates()));

    private PostgresBinaries(string directory) => Directory = directory;

    /// <summary>The directory holding the programs.</summary>
    public string Directory { get; }

    /// <summary>The full path of <paramref name="program"/> (e.g. <c>pg_dump</c>) in <see cref="Directory"/>.</summary>
    public string PathOf(string program) => Path.Combine(Directory, program);

    /// <summary>The installation on this machine, or an <see cref="EnvironmentUnavailableException"/> with the install command.</summary>
    public static PostgresBinaries Locate() => Found.Value ?? throw new EnvironmentUnavailableException(MissingMessage);

    /// <summary>The first of <paramref name="directories"/> that holds a complete installation, or null.</summary>
    internal static PostgresBinaries? Search(IEnumerable<string?> directories)
    {
        foreach (var dir in directories)
            if (!string.IsNullOrEmpty(dir) && IsComplete(dir)) return new PostgresBinaries(dir);
        return null;
    }

    // Debian's /usr/bin/pg_dump is a wrapper script that picks a version per cluster; the server directory is exact.
    private static bool IsComplete(string dir)
        => new[] { "initdb", "postgres", "pg_dump", "pg_restore" }.All(p => File.Exists(Path.Combine(dir, p)));

    private static IEnumerable<string?> Candidates()
    {
        yield return Environment.GetEnvironmentVariable(DirectoryVariable);
        yield return FromPath("initdb");
        yield return PgConfigBinDir();
        const string debian = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(debian))
            foreach (var version in System.IO.Directory.GetDirectories(debian)
                         .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                yield return Path.Combine(version, "bin");
    }

    private static string? FromPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, program);
            if (!File.Exists(path)) continue;
            // /usr/local/bin/initdb is often a symlink into the real installation, where pg_dump of the same version lives.
            var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
            return Path.GetDirectoryName(target);
        }
        return null;
    }

    private static string? PgConfigBinDir()
    {
        try
        {
            var psi = new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            ChildEnvironment.FromScratch(psi);
            using var p = Process.Start(psi);
            if (p is null) return null;
            var dir = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(5000);
            return p.ExitCode == 0 ? dir : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no pg_config on PATH
        }
    }
}
