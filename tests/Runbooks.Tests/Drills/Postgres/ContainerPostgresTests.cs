using Runbooks.Drills.Environments.Postgres;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Postgres;

/// <summary>
/// One container for the class, started on first use (a skipped class starts nothing): each container costs 1.5-3 s,
/// so the tests that only need a server share it.
/// </summary>
public sealed class SharedContainer : IAsyncLifetime
{
    private Task<ContainerPostgres>? _started;

    public Task<ContainerPostgres> GetAsync() => LazyInitializer.EnsureInitialized(ref _started, () => ContainerPostgres.StartAsync());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_started is { IsCompletedSuccessfully: true }) await _started.Result.DisposeAsync();
    }
}

/// <summary>The Testcontainers backend: a container of the configured image that serves drills like the embedded server, and leaves nothing behind.</summary>
public sealed class ContainerPostgresTests(SharedContainer shared) : IClassFixture<SharedContainer>
{
    [DockerFact]
    public async Task A_started_container_answers_its_first_query_as_the_configured_major_version_with_durability_off()
    {
        var pg = await shared.GetAsync();

        Assert.Equal(1, await PostgresServer.Scalar<int>(pg.AdminConnectionString, "SELECT 1"));
        Assert.Equal(int.Parse(LocalDocker.Image.Split(':')[^1]), await pg.ServerMajorVersionAsync());
        Assert.Equal("off", await PostgresServer.Scalar<string>(pg.AdminConnectionString, "SHOW fsync"));
        Assert.StartsWith("127.0.0.1:", pg.Endpoint);
        Assert.InRange(pg.StartupTime, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(60));
    }

    [DockerFact]
    public async Task A_database_created_from_a_template_has_the_template_s_content_and_dropping_it_removes_it()
    {
        var pg = await shared.GetAsync();
        var template = await pg.CreateDatabaseAsync("tc_template");
        await PostgresServer.Scalar<int>(template, "CREATE TABLE pitches (id int PRIMARY KEY, title text); INSERT INTO pitches VALUES (1, 'kept'); SELECT 1");
        await pg.FreezeAsTemplateAsync("tc_template");

        var copy = await pg.CreateDatabaseAsync("tc_copy", template: "tc_template");

        Assert.Equal("kept", await PostgresServer.Scalar<string>(copy, "SELECT title FROM pitches WHERE id = 1"));
        await pg.DropDatabaseAsync("tc_copy");
        Assert.Equal(0L, await PostgresServer.Scalar<long>(pg.AdminConnectionString, "SELECT count(*) FROM pg_database WHERE datname = 'tc_copy'"));
    }

    [DockerFact]
    public async Task Dispose_removes_the_container_and_a_second_dispose_does_nothing()
    {
        var pg = await ContainerPostgres.StartAsync(new ContainerPostgresOptions { Image = LocalDocker.Image, Durable = true });
        var id = pg.ContainerId;
        Assert.Contains(id, LocalDocker.ContainersOwnedBy(Environment.ProcessId));
        Assert.Equal("on", await PostgresServer.Scalar<string>(pg.AdminConnectionString, "SHOW fsync")); // durable: the RPO drills' mode
        Assert.Equal("on", await PostgresServer.Scalar<string>(pg.AdminConnectionString, "SHOW synchronous_commit"));

        await pg.DisposeAsync();
        await pg.DisposeAsync();

        Assert.DoesNotContain(id, LocalDocker.ContainersOwnedBy(Environment.ProcessId));
        Assert.Equal("", LocalDocker.Cli("ps", "-aq", "--filter", $"id={id}").Trim());
    }

    [DockerFact]
    public async Task The_sweep_removes_a_leftover_whose_owner_process_is_gone_and_keeps_one_whose_owner_lives()
    {
        // Created, never started: a container the sweep must judge by its labels alone.
        string Create(string owner) => LocalDocker.Cli("create", "--label", ContainerPostgresReaper.Label,
            "--label", $"{ContainerPostgresReaper.OwnerLabel}={owner}", "--label", $"{ContainerPostgresReaper.HostLabel}={Environment.MachineName}",
            LocalDocker.Image).Trim();
        var dead = Create("999999999 1"); // no such process
        var alive = Create(ContainerPostgresReaper.LabelsForThisProcess()[ContainerPostgresReaper.OwnerLabel]);
        try
        {
            var removed = await ContainerPostgresReaper.SweepAsync();

            Assert.True(removed >= 1);
            Assert.Equal("", LocalDocker.Cli("ps", "-aq", "--filter", $"id={dead}").Trim());
            Assert.NotEqual("", LocalDocker.Cli("ps", "-aq", "--filter", $"id={alive}").Trim());
        }
        finally
        {
            foreach (var id in new[] { dead, alive })
                try { LocalDocker.Cli("rm", "-f", id); } catch (InvalidOperationException) { /* already gone */ }
        }
    }

    [DockerFact]
    public async Task A_missing_image_is_one_sentence_with_the_fix_and_exit_3()
    {
        var e = await Assert.ThrowsAsync<Runbooks.Core.Errors.EnvironmentUnavailableException>(() =>
            ContainerPostgres.StartAsync(new ContainerPostgresOptions { Image = "runbooks/postgres:0" }));

        Assert.StartsWith("The PostgreSQL image runbooks/postgres:0 is not on Docker ", e.Message);
        Assert.EndsWith(": run `bash scripts/prerequisites.sh --docker`.", e.Message);
        Assert.Equal(3, e.ExitCode);
    }
}
