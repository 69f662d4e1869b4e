using Runbooks.Tests.Drills.Harness;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary><c>drill run --postgres</c>: the drill's database in a container, or a clear refusal.</summary>
/// <remarks>In the drill collection: drills measure time, and run alone.</remarks>
[Collection(DrillCollection.Name)]
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
    public void The_data_drills_against_testcontainers_pass_the_dump_restore_losing_its_six_hours_and_the_point_in_time_repair_nothing()
    {
        var reports = Directory.CreateTempSubdirectory("runbooks-drill-tc-").FullName;
        try
        {
            var run = DrillCli.Run(["drill", "run", "db-restore", "db-pitr-repair", "--postgres", "testcontainers", "--report-dir", reports], TimeSpan.FromMinutes(4));

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains($"Starting PostgreSQL (testcontainers, {LocalDocker.Image}; durable", run.Stdout);
            Assert.Contains("db-restore: RPO breach, as this drill expects:", run.Stdout);
            // The point-in-time repair needs the container's WAL archived on this machine and its base backup: both happened.
            Assert.Matches(@"db-pitr-repair +P0 .* exit 0 +0/\d+ lost, 0 ms \(within target\) +pass", run.Stdout);
            Assert.Empty(LocalDocker.ContainersOwnedBy(run.Pid));
            Assert.Empty(DrillCli.LeftBehindBy(run.Pid));
        }
        finally
        {
            Directory.Delete(reports, recursive: true);
        }
    }
}
