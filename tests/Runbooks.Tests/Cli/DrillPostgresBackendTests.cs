using Runbooks.Tests.Drills.Harness;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary><c>drill run --postgres</c>: the drill's database in a container, or a clear refusal.</summary>
public sealed class DrillPostgresBackendTests
{
    [Fact]
    public void An_unknown_backend_is_exit_2_with_one_sentence_naming_the_option()
    {
        var run = DrillCli.Run(["drill", "run", "db-restore", "--postgres", "podman"], TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--postgres must be embedded, testcontainers or auto, not 'podman'.", run.Stderr);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [DockerFact]
    public void Db_restore_drilled_against_testcontainers_passes_and_leaves_no_container()
    {
        var reports = Directory.CreateTempSubdirectory("runbooks-drill-tc-").FullName;
        try
        {
            var run = DrillCli.Run(["drill", "run", "db-restore", "--postgres", "testcontainers", "--report-dir", reports], TimeSpan.FromMinutes(3));

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains($"Starting PostgreSQL (testcontainers, {LocalDocker.Image}; durable", run.Stdout);
            Assert.Contains("db-restore: RPO breach, as this drill expects:", run.Stdout);
            Assert.Empty(LocalDocker.ContainersOwnedBy(run.Pid));
            Assert.Empty(DrillCli.LeftBehindBy(run.Pid));
        }
        finally
        {
            Directory.Delete(reports, recursive: true);
        }
    }
}
