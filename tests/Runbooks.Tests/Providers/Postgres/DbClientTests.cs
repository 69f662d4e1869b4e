using Runbooks.Core.Errors;
using Runbooks.Core.Secrets;
using Runbooks.Providers;
using Runbooks.Providers.Postgres;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Providers.Postgres;

/// <summary>The Db a runbook sees: seed 004's health check, queries, and errors that name the database but never the password.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DbClientTests(PostgresServer pg)
{
    private const string Password = "s3cr3t-Pa55word!";

    [Fact]
    public async Task Health_ReportsSelectOne_TableCounts_AndConnections()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs);

        var health = await db.Health();

        Assert.StartsWith("127.0.0.1:", health.Endpoint);
        Assert.Equal(100, health.TableRows["users"]);
        Assert.Equal(1000, health.TableRows["events"]);
        Assert.Equal(50, health.TableRows["recovery_cases"]);
        Assert.True(health.TableRows["creator_settings"] > 0);
        Assert.Equal(8, health.TableRows.Count); // the seven tables and schema_migrations
        Assert.True(health.Connections >= 1);
        Assert.False(health.ReadOnly);
        Assert.Matches(@"^\d+\.\d+", health.ServerVersion);
    }

    [Fact]
    public async Task Health_AndQueryLatency_MeasureSelectOne_SoARunbookCanHoldItToSeed001sThreshold()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs);

        var health = await db.Health();
        var latency = await db.QueryLatency(probes: 30);

        Assert.Equal(DbClient.HealthLatencyProbes, health.Query.Probes);
        Assert.Equal(30, latency.Probes);
        // A local server answers SELECT 1 far inside seed 001's "< 500ms average"; the figures are ordered as figures must be.
        Assert.InRange(latency.Mean, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(500));
        Assert.True(latency.P95 <= latency.Max && latency.P95 > TimeSpan.Zero);
        Assert.StartsWith("SELECT 1 over 30 probes: mean ", latency.ToString());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.QueryLatency(probes: 0));
    }

    [Fact]
    public void QueryLatency_IsTheMeanTheExactNearestRankP95AndTheMaxOfTheProbes()
    {
        // 1..20 ms: the mean is 10.5 ms, the 95th percentile the 19th value.
        var l = DbQueryLatency.Of([.. Enumerable.Range(1, 20).Reverse().Select(ms => TimeSpan.FromMilliseconds(ms))]);

        Assert.Equal(20, l.Probes);
        Assert.Equal(10.5, l.Mean.TotalMilliseconds);
        Assert.Equal(19, l.P95.TotalMilliseconds);
        Assert.Equal(20, l.Max.TotalMilliseconds);
        Assert.Equal("SELECT 1 over 20 probes: mean 10.5 ms, p95 19 ms, max 20 ms", l.ToString());
    }

    [Fact]
    public async Task QueryScalarExecute_TakeNamedParameters()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs);

        var changed = await db.Execute("UPDATE users SET name = @name WHERE id = @id", new { name = "Ada Lovelace", id = 7L });
        var rows = await db.Query("SELECT id, name FROM users WHERE id = @id", new Dictionary<string, object?> { ["id"] = 7L });
        var count = await db.Scalar<int>("SELECT count(*) FROM users WHERE role = @role", new { role = "creator" });

        Assert.Equal(1, changed);
        Assert.Equal("Ada Lovelace", Assert.Single(rows)["name"]);
        Assert.True(count > 0);
    }

    [Fact]
    public async Task FromContext_ReadsDatabaseUrlInUrlForm_AndPrefersTheEnvironmentsOwnSecret()
    {
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(await pg.NewDatabaseAsync());
        var url = $"postgres://postgres:{Uri.EscapeDataString(cs.Password!)}@127.0.0.1:{cs.Port}/{cs.Database}?sslmode=disable";
        var env = new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/wrong", ["STAGING_DATABASE_URL"] = url };
        var redactor = new SecretRedactor();
        var context = new ProviderContext(new SecretStore(redactor, Runbooks.Core.Sealing.RunVariables.Sealed(env)), new NullLog(), environmentName: "staging");

        await using var db = DbClient.FromContext(context);

        Assert.Equal($"127.0.0.1:{cs.Port}/{cs.Database}", db.Endpoint);
        Assert.Equal(100, await db.Scalar<long>("SELECT count(*) FROM users"));
        Assert.Equal("***", redactor.Redact(cs.Password!)); // the password alone is masked, not only the whole URL
    }

    [Fact]
    public void FromContext_UnderAnEnvironment_NeverFallsBackToDatabaseUrl_AndNamesTheMissingSecret()
    {
        var env = new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://prod:secret-pass@db.example.com:5432/app" };
        var context = new ProviderContext(new SecretStore(new SecretRedactor(), Runbooks.Core.Sealing.RunVariables.Sealed(env)), new NullLog(), environmentName: "staging");

        var e = Assert.Throws<BadInputException>(() => DbClient.FromContext(context));

        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Equal("Secret STAGING_DATABASE_URL is not set: under --env staging the database comes from STAGING_DATABASE_URL only, never from DATABASE_URL.", e.Message);
    }

    [Fact]
    public async Task ADatabaseThatIsNotThere_IsEnvironmentUnavailable_NamingItWithoutThePassword()
    {
        var port = FreePort();
        await using var db = PostgresServer.Client($"postgres://admin:{Password}@127.0.0.1:{port}/prod");

        var e = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => db.Health());

        Assert.Equal($"Database 127.0.0.1:{port}/prod cannot be reached: connection refused.", e.Message);
        Assert.Equal(ExitCodes.EnvironmentUnavailable, e.ExitCode);
        Assert.DoesNotContain(Password, e.ToString());
    }

    [Fact]
    public async Task BackupOfADatabaseThatIsNotThere_NamesItWithoutThePassword()
    {
        var port = FreePort();
        await using var db = PostgresServer.Client($"Host=127.0.0.1;Port={port};Database=prod;Username=admin;Password={Password}");

        var e = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => db.Backup(Path.GetTempPath()));

        Assert.StartsWith($"Database 127.0.0.1:{port}/prod cannot be reached", e.Message);
        Assert.DoesNotContain(Password, e.ToString());
    }

    [Fact]
    public async Task ADroppedDatabase_IsEnvironmentUnavailable()
    {
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(await pg.NewDatabaseAsync());
        await using var db = PostgresServer.Client(cs.ConnectionString);
        await db.Health();
        await pg.Server.DropDatabaseAsync(cs.Database!);

        // The pooled session was ended by the drop; Db tries once more on a fresh one (a session ended by a restart or a
        // restore is worth one), which finds no database: the real reason, at once.
        var first = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => db.Health());
        var again = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => db.Health());

        Assert.Equal($"Database 127.0.0.1:{cs.Port}/{cs.Database} does not exist.", first.Message);
        Assert.Equal(first.Message, again.Message);
    }

    [Fact]
    public void ADatabaseUrlThatCannotBeParsed_IsBadInputThatDoesNotEchoIt()
    {
        var e = Assert.Throws<BadInputException>(() => DatabaseUrl.Parse($"postgres://u:{Password}@host:notaport/db"));

        Assert.Equal("DATABASE_URL is neither a postgres://user:password@host:port/database URL nor a Host=...;Database=... connection string.", e.Message);
        Assert.DoesNotContain(Password, e.ToString());
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    private sealed class NullLog : Runbooks.Core.Runs.IRunLog
    {
        public void Log(string message) { }
    }
}
