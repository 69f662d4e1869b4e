using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// A <c>postgres</c> server process on a data directory of this machine, on a free 127.0.0.1 port, that cannot outlive
/// the process that started it: the embedded drill server and a point-in-time copy both run this way.
/// </summary>
/// <remarks>
/// The server is started by a small guardian shell (in its own session, so a terminal's Ctrl-C does not stop the
/// database under a runbook still finishing its step) that reads a pipe from this process: when the pipe closes, because
/// <see cref="DisposeAsync"/> closed it or because this process ended in any way (exit, Ctrl-C, SIGTERM, SIGKILL, crash),
/// the guardian stops the server and deletes the directory. Signal handlers could not do this: .NET runs them
/// last-registered first, so ours could not know whether the host will cancel the signal and keep running. Should the
/// guardian itself be killed, <see cref="LocalPostgresReaper"/> removes the leftovers before the next server starts.
/// </remarks>
internal sealed class LocalPostgresServer : IAsyncDisposable
{
    // $1 = directory, the rest = the server command. Blocks on stdin until EOF, then stops the server and cleans up.
    private const string GuardianScript = """
        dir=$1; shift
        exec >/dev/null 2>&1
        "$@" >>"$dir/server.log" 2>&1 </dev/null &
        pg=$!
        echo "$pg" >"$dir/server.pid"
        while read -r _; do :; done
        kill -INT "$pg"
        ( trap 'kill "$s"; exit' TERM; sleep 10 & s=$!; wait "$s"; kill -KILL "$pg" ) &
        killer=$!
        wait "$pg"
        kill -TERM "$killer"
        rm -rf "$dir"
        """;

    private readonly Process _guardian;
    private int _disposed;

    private LocalPostgresServer(string directory, int port, Process guardian, int pid)
    {
        Directory = directory;
        Port = port;
        _guardian = guardian;
        ProcessId = pid;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The <c>runbooks-pg-*</c> directory: <c>data/</c>, the socket, <c>server.log</c>.</summary>
    public string Directory { get; }

    /// <summary>The cluster's data directory.</summary>
    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The postmaster's process id.</summary>
    public int ProcessId { get; }

    /// <summary>
    /// Makes a fresh <c>runbooks-pg-*</c> directory under <paramref name="root"/>, owned by this process (for the reaper)
    /// and by the server's account, after sweeping the leftovers of runs that were killed.
    /// </summary>
    public static string CreateDirectory(string root, ServerAccount account)
    {
        LocalPostgresReaper.Sweep(root);
        var directory = Path.Combine(root, $"{LocalPostgresReaper.DirectoryPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        System.IO.Directory.CreateDirectory(directory);
        LocalPostgresReaper.MarkOwned(directory);
        account.Own(directory);
        return directory;
    }

    /// <summary>
    /// Starts the server on <paramref name="directory"/>'s <c>data/</c> and returns once <paramref name="ready"/> says so
    /// (given the port). A port taken between choosing and binding it is retried on another. A server that stops while
    /// starting, or is not ready within <paramref name="timeout"/>, is an <see cref="EnvironmentUnavailableException"/>
    /// with the last line of its log; the directory is then removed.
    /// </summary>
    public static async Task<LocalPostgresServer> StartAsync(string directory, ServerAccount account, IReadOnlyDictionary<string, string> settings,
        Func<int, CancellationToken, Task<bool>> ready, TimeSpan timeout, CancellationToken cancellation)
    {
        var binaries = PostgresBinaries.Locate();
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var guardian = StartGuardian(binaries, account, directory, port, settings);
            try
            {
                var pid = await WaitUntilReadyAsync(directory, port, ready, timeout, cancellation).ConfigureAwait(false);
                return new LocalPostgresServer(directory, port, guardian, pid);
            }
            catch (PortTakenException) when (attempt < 3)
            {
                // The server has exited; killing its guardian (rather than closing its pipe) keeps the directory for the next port.
                guardian.Kill(entireProcessTree: true);
                await guardian.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                guardian.Dispose();
            }
            catch
            {
                await StopAsync(guardian, directory).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>The server's log so far ("" when there is none).</summary>
    public string ReadLog() => ReadLog(Directory);

    /// <summary>The last non-empty line of <paramref name="text"/>, for one-sentence errors.</summary>
    public static string LastLine(string text)
        => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";

    // A server that gives up logs why as FATAL, then a few lines of shutting down: that FATAL line is the reason. The
    // readiness probe's own refused connections are logged as FATAL too, and say nothing about why the server stopped.
    private static string Reason(string log)
        => log.Split('\n').LastOrDefault(l => l.Contains("FATAL:", StringComparison.Ordinal) && !l.Contains("the database system is", StringComparison.Ordinal))?.Trim()
            ?? LastLine(log);

    /// <summary>Stops the server (fast shutdown: open transactions roll back) and deletes the directory. A second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await StopAsync(_guardian, Directory).ConfigureAwait(false);
    }

    /// <summary>Removes <paramref name="directory"/> and whatever server runs in it, for a start that failed before a server existed.</summary>
    public static void Abandon(string directory)
    {
        LocalPostgresReaper.StopServer(directory);
        LocalPostgresReaper.TryDelete(directory);
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // The guardian would clean up after us anyway; waiting here just means the directory is gone when we are.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        StopAsync(_guardian, Directory).GetAwaiter().GetResult();
    }

    private static async Task StopAsync(Process guardian, string directory)
    {
        await StopGuardianAsync(guardian).ConfigureAwait(false);
        // Whatever the guardian could not do (it was killed, or never started), done here.
        Abandon(directory);
    }

    private static async Task StopGuardianAsync(Process guardian)
    {
        try
        {
            guardian.StandardInput.Close(); // EOF: the guardian stops the server and removes the directory
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await guardian.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            guardian.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // never started
        }
        guardian.Dispose();
    }

    private static Process StartGuardian(PostgresBinaries binaries, ServerAccount account, string directory, int port,
        IReadOnlyDictionary<string, string> settings)
    {
        var all = new Dictionary<string, string>
        {
            ["listen_addresses"] = "127.0.0.1",
            ["unix_socket_directories"] = directory,
        };
        foreach (var (k, v) in settings) all[k] = v;
        var server = account.Command(binaries.PathOf("postgres"),
            new[] { "-D", Path.Combine(directory, "data"), "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                .Concat(all.SelectMany(s => new[] { "-c", $"{s.Key}={s.Value}" })));

        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var a in new[] { "sh", "-c", GuardianScript, "runbooks-pg-guardian", directory }.Concat(server)) psi.ArgumentList.Add(a);
        ChildEnvironment.FromScratch(psi); // "could not bind" is matched below; and no backend inherits the operator's tokens
        return Process.Start(psi)!;
    }

    private static async Task<int> WaitUntilReadyAsync(string directory, int port, Func<int, CancellationToken, Task<bool>> ready, TimeSpan timeout,
        CancellationToken cancellation)
    {
        var waited = Stopwatch.StartNew(); // a real server starting: real time
        var pidFile = Path.Combine(directory, "server.pid");
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var pid = File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var p) ? p : 0;
            if (pid > 0 && !ProcessSignals.IsAlive(pid))
            {
                var log = ReadLog(directory);
                if (log.Contains("could not bind", StringComparison.Ordinal) || log.Contains("already in use", StringComparison.Ordinal))
                    throw new PortTakenException();
                throw new EnvironmentUnavailableException($"PostgreSQL in {directory} stopped while starting: {Reason(log)}");
            }
            if (pid > 0 && await ready(port, cancellation).ConfigureAwait(false)) return pid;
            if (waited.Elapsed >= timeout)
                throw new EnvironmentUnavailableException(
                    $"PostgreSQL in {directory} was not ready on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s: {LastLine(ReadLog(directory))}");
            await Task.Delay(20, cancellation).ConfigureAwait(false);
        }
    }

    private static string ReadLog(string directory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, "server.log"));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class PortTakenException : Exception;
}
