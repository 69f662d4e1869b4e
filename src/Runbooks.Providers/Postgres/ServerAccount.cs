using System.Runtime.InteropServices;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// Who the embedded server runs as. <c>initdb</c> and <c>postgres</c> refuse to run as root, and CI machines run as
/// root; so under root the server programs are started through <c>setpriv</c> as the <c>postgres</c> account (which the
/// Debian package creates), or <c>nobody</c> when there is none, and the temp directory is given to that account.
/// <c>setpriv</c> execs rather than forks, so the process started is the server itself and can be signalled directly.
/// </summary>
internal sealed class ServerAccount
{
    private ServerAccount(string? name, int uid, int gid)
    {
        Name = name;
        Uid = uid;
        Gid = gid;
    }

    /// <summary>The account name, or null when the server runs as the current user.</summary>
    public string? Name { get; }

    public int Uid { get; }

    public int Gid { get; }

    /// <summary>The current user if it is not root; otherwise <c>postgres</c>, else <c>nobody</c>.</summary>
    public static ServerAccount Choose()
    {
        if (!System.Environment.IsPrivilegedProcess) return new ServerAccount(null, -1, -1);
        foreach (var candidate in new[] { "postgres", "nobody" })
            if (Lookup(candidate) is { } found) return new ServerAccount(candidate, found.Uid, found.Gid);
        throw new EnvironmentUnavailableException(
            "PostgreSQL cannot run as root and there is no postgres account to run it as: sudo apt-get install -y postgresql");
    }

    /// <summary>The argument vector that runs <paramref name="program"/> as this account.</summary>
    public IReadOnlyList<string> Command(string program, IEnumerable<string> arguments)
    {
        var argv = Name is null ? new List<string>() : ["setpriv", $"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", "--"];
        argv.Add(program);
        argv.AddRange(arguments);
        return argv;
    }

    /// <summary>Gives <paramref name="path"/> to this account (nothing to do when the server runs as the current user).</summary>
    public void Own(string path)
    {
        if (Name is null) return;
        if (chown(path, Uid, Gid) != 0)
            throw new EnvironmentUnavailableException($"Cannot give {path} to the {Name} account (errno {Marshal.GetLastPInvokeError()}).");
    }

    private static (int Uid, int Gid)? Lookup(string name)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var f = line.Split(':');
            if (f.Length > 3 && f[0] == name && int.TryParse(f[2], out var uid) && int.TryParse(f[3], out var gid)) return (uid, gid);
        }
        return null;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int chown(string path, int owner, int group);
}
