using Runbooks.Core.Errors;
using Runbooks.Drills.Environments.Postgres;

namespace Runbooks.Tests.Drills.Postgres;

/// <summary>These tests change DOCKER_HOST for the whole process, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DockerHostCollection
{
    public const string Name = "docker-host";
}

/// <summary>Which PostgreSQL a drill batch gets, and how a setting that cannot work is refused.</summary>
[Collection(DockerHostCollection.Name)]
public sealed class PostgresBackendChoiceTests
{
    [Theory]
    [InlineData("tcp://127.0.0.1:1")]
    [InlineData("unix:///nonexistent/docker.sock")]
    public async Task Auto_takes_the_embedded_server_when_DOCKER_HOST_points_at_nothing_and_says_so(string nothing)
    {
        var before = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("DOCKER_HOST", nothing);
        try
        {
            var (backend, line) = await PostgresEnvironments.ChooseAsync(PostgresSettings.DefaultImage);

            Assert.Equal(PostgresBackend.Embedded, backend);
            Assert.StartsWith($"PostgreSQL backend auto: embedded; Docker does not answer at {nothing} (", line);
            Assert.EndsWith("run `bash scripts/prerequisites.sh --docker`.", line);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", before);
        }
    }

    [Fact]
    public async Task Testcontainers_without_Docker_is_one_sentence_with_the_fix_and_exit_3()
    {
        var before = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("DOCKER_HOST", "tcp://127.0.0.1:1");
        try
        {
            var e = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => ContainerPostgres.StartAsync());

            Assert.Equal(ExitCodes.EnvironmentUnavailable, e.ExitCode);
            Assert.StartsWith("Docker does not answer at tcp://127.0.0.1:1 (", e.Message);
            Assert.EndsWith(": run `bash scripts/prerequisites.sh --docker`.", e.Message);
            Assert.DoesNotContain("\n", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", before);
        }
    }

    [Fact]
    public void Testcontainers_settings_are_set_from_what_the_daemon_said_and_a_value_the_user_set_is_kept()
    {
        string[] names = ["DOCKER_API_VERSION", "TESTCONTAINERS_RYUK_DISABLED", "TESTCONTAINERS_HOST_OVERRIDE", "TESTCONTAINERS_WAIT_STRATEGY_TIMEOUT",
            "TESTCONTAINERS_WAIT_STRATEGY_INTERVAL"];
        var before = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var n in names) Environment.SetEnvironmentVariable(n, null);
            Environment.SetEnvironmentVariable("TESTCONTAINERS_WAIT_STRATEGY_INTERVAL", "00:00:01"); // the user's
            using var docker = DockerEngine.For("unix:///var/run/docker.sock");

            TestcontainersEnvironment.Prepare(docker, new DockerVersion("20.10.24", "1.41"), TimeSpan.FromSeconds(60));

            Assert.Equal("1.41", Environment.GetEnvironmentVariable("DOCKER_API_VERSION"));
            Assert.Equal("true", Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED"));
            Assert.Equal("127.0.0.1", Environment.GetEnvironmentVariable("TESTCONTAINERS_HOST_OVERRIDE"));
            Assert.Equal("00:01:00", Environment.GetEnvironmentVariable("TESTCONTAINERS_WAIT_STRATEGY_TIMEOUT"));
            Assert.Equal("00:00:01", Environment.GetEnvironmentVariable("TESTCONTAINERS_WAIT_STRATEGY_INTERVAL"));

            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", null);
            TestcontainersEnvironment.Prepare(docker, new DockerVersion("29.1.0", "1.52"), TimeSpan.FromSeconds(60));
            Assert.Null(Environment.GetEnvironmentVariable("DOCKER_API_VERSION")); // a daemon that speaks 1.44 needs no pin
        }
        finally
        {
            foreach (var (n, v) in before) Environment.SetEnvironmentVariable(n, v);
        }
    }

    [Theory]
    [InlineData(false, "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")]
    [InlineData(true, "-c fsync=on -c synchronous_commit=on -c full_page_writes=on")]
    public void The_module_s_fsync_off_command_is_replaced_and_durable_mode_keeps_durability_on(bool durable, string expected)
    {
        var args = string.Join(' ', ContainerPostgres.ServerArguments(new ContainerPostgresOptions { Durable = durable }));

        Assert.Contains(expected, args);
        Assert.Contains("-c max_connections=200", args);
    }

    [Theory]
    [InlineData("podman")]
    [InlineData("")]
    [InlineData(null)]
    public void A_backend_that_is_not_embedded_testcontainers_or_auto_is_bad_input_naming_where_it_came_from(string? value)
    {
        var e = Assert.Throws<BadInputException>(() => PostgresSettings.ParseBackend(value, "--postgres"));

        Assert.Equal($"--postgres must be embedded, testcontainers or auto, not '{value}'.", e.Message);
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
    }

    [Theory]
    [InlineData("postgres")]          // no tag: "latest" is not a major version
    [InlineData("Postgres:16")]
    [InlineData("postgres:16 --rm")]
    public void An_image_without_a_tag_or_not_a_Docker_name_is_refused(string image)
        => Assert.Throws<BadInputException>(() => PostgresSettings.Create(PostgresBackend.Testcontainers, image));
}
