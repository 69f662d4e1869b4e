using System.Diagnostics;
using Runbooks.Drills.Environments.Postgres;
using Runbooks.Providers.Postgres;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Postgres;

/// <summary>The embedded server starts by itself, isolates databases, and leaves nothing behind.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EmbeddedPostgresTests(PostgresServer pg)
{
    [Fact]
    public async Task Dispose_AfterStart_LeavesNoServerProcessAndNoDirectory()
    {
        var server = await EmbeddedPostgres.StartAsync();
        var pid = server.ServerProcessId;
        var directory = server.Directory;
        Assert.Equal(1, await PostgresServer.Scalar<int>(server.AdminConnectionString, "SELECT 1"));
        Assert.True(Directory.Exists(directory));
        Assert.Contains(pid, PostgresProcessesIn(directory));

        await server.DisposeAsync();
        await server.DisposeAsync(); // a second dispose does nothing

        Assert.False(Directory.Exists(directory), $"{directory} is still there");
        Assert.False(File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "), $"postmaster {pid} still runs");
        Assert.Empty(PostgresProcessesIn(directory));
    }

    [Fact]
    public async Task OwnerKilled_GuardianStopsServerAndRemovesDirectory()
    {
        // A process that starts a server and is then SIGKILLed: nothing of ours runs in it, only the guardian can clean up.
        var bench = Path.Combine(AppContext.BaseDirectory, "runbooks-pg-bench.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { bench, "--hold" }) psi.ArgumentList.Add(a);
        using var owner = Process.Start(psi)!;
        var line = await owner.StandardOutput.ReadLineAsync(); // "holding DIR PID"
        Assert.NotNull(line);
        var parts = line!.Split(' ');
        var (directory, pid) = (parts[1], int.Parse(parts[2]));
        Assert.True(Directory.Exists(directory));

        owner.Kill(); // SIGKILL: no dispose, no ProcessExit
        await owner.WaitForExitAsync();

        var waited = Stopwatch.StartNew();
        while ((Directory.Exists(directory) || PostgresProcessesIn(directory).Count > 0) && waited.Elapsed < TimeSpan.FromSeconds(15))
            await Task.Delay(50);
        Assert.False(Directory.Exists(directory), $"{directory} survived its owner");
        Assert.Empty(PostgresProcessesIn(directory));
        Assert.DoesNotContain(pid, PostgresProcessesIn(directory));
    }

    [Fact]
    public async Task Sweep_RemovesTheDirectoryOfADeadOwner_AndKeepsALiveOnes()
    {
        var root = Directory.CreateTempSubdirectory("runbooks-reaper-test-").FullName;
        try
        {
            var dead = Directory.CreateDirectory(Path.Combine(root, "runbooks-pg-1-dead")).FullName;
            File.WriteAllText(Path.Combine(dead, "owner"), "999999999 1\n"); // no such pid
            var alive = Directory.CreateDirectory(Path.Combine(root, "runbooks-pg-2-alive")).FullName;
            File.WriteAllText(Path.Combine(alive, "owner"), $"{Environment.ProcessId}\n");

            var removed = LocalPostgresReaper.Sweep(root);

            Assert.Equal(1, removed);
            Assert.False(Directory.Exists(dead));
            Assert.True(Directory.Exists(alive));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
        await Task.CompletedTask;
    }

    [Fact]
    public async Task TwoDatabases_FromTheSameTemplate_DoNotSeeEachOthersWrites()
    {
        var a = await pg.NewDatabaseAsync();
        var b = await pg.NewDatabaseAsync();
        var before = await PostgresServer.Scalar<long>(b, "SELECT count(*) FROM users");

        await PostgresServer.Scalar<int>(a, "DELETE FROM events; INSERT INTO users (email, name, role) VALUES ('x@example.com', 'X Y', 'admin'); SELECT 1");

        Assert.Equal(before, await PostgresServer.Scalar<long>(b, "SELECT count(*) FROM users"));
        Assert.Equal(before + 1, await PostgresServer.Scalar<long>(a, "SELECT count(*) FROM users"));
        Assert.True(await PostgresServer.Scalar<long>(b, "SELECT count(*) FROM events") > 0);
        Assert.Equal(0, await PostgresServer.Scalar<long>(a, "SELECT count(*) FROM events"));
    }

    [Fact]
    public async Task DatabaseName_ThatIsNotASafeIdentifier_IsRefused()
    {
        var e = await Assert.ThrowsAsync<Runbooks.Core.Errors.BadInputException>(() => pg.Server.CreateDatabaseAsync("x; DROP DATABASE postgres"));
        Assert.Contains("must be lower-case letters, digits and underscores", e.Message);
    }

    /// <summary>Pids of processes named postgres whose command line mentions <paramref name="directory"/>.</summary>
    private static List<int> PostgresProcessesIn(string directory)
    {
        var found = new List<int>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                var comm = File.ReadAllText(Path.Combine(proc, "comm")).Trim();
                var state = File.ReadAllText(Path.Combine(proc, "stat"));
                if (comm == "postgres" && cmdline.Contains(directory) && !state.Contains(") Z ")) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}

/// <summary>Embedded server options that cannot work are refused before anything starts.</summary>
public sealed class EmbeddedPostgresOptionsTests
{
    [Fact]
    public async Task StartAsync_WithATempRootThatDoesNotExist_IsBadInput()
    {
        var e = await Assert.ThrowsAsync<Runbooks.Core.Errors.BadInputException>(() =>
            EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { TempRoot = "/nonexistent/runbooks" }));

        Assert.Equal("EmbeddedPostgresOptions.TempRoot /nonexistent/runbooks does not exist.", e.Message);
    }

    [Fact]
    public void Binaries_AreOnlyTakenFromADirectoryThatHoldsServerAndDumpTools()
    {
        var partial = Directory.CreateTempSubdirectory("runbooks-pgbin-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(partial, "initdb"), ""); // a client-only install: no server, no pg_restore
            var real = Runbooks.Providers.Postgres.PostgresBinaries.Locate().Directory;

            Assert.Null(Runbooks.Providers.Postgres.PostgresBinaries.Search(["/nonexistent", null, "", partial]));
            Assert.Equal(real, Runbooks.Providers.Postgres.PostgresBinaries.Search([partial, real])!.Directory);
        }
        finally
        {
            Directory.Delete(partial, recursive: true);
        }
    }
}
