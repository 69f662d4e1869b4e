using System.Diagnostics;
using Runbooks.Drills.Environments.Postgres;

namespace Runbooks.Tests.Support;

/// <summary>Docker and the drills' PostgreSQL image, for the Testcontainers tests.</summary>
public static class LocalDocker
{
    /// <summary>Set to 1 by <c>.ci/run</c>: there a missing Docker fails the Testcontainers tests instead of skipping them.</summary>
    public const string RequireVariable = "RUNBOOKS_REQUIRE_DOCKER";

    /// <summary>The image the tests start: the repository's configured one.</summary>
    public static string Image { get; } = Runbooks.Drills.Catalog.DrillSettings.Load(PostgresServer.RepositoryRoot).Postgres.Image;

    /// <summary>Why the Testcontainers tests cannot run here, with the command that fixes it; null when they can.</summary>
    public static string? Missing { get; } = ContainerPostgres.UnavailableAsync(Image, TimeSpan.FromSeconds(3)).GetAwaiter().GetResult();

    /// <summary>Whether a missing Docker must fail the tests (CI) rather than skip them (a developer's machine).</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Ids of the containers (running or not) that carry the drills' label and whose owner label names <paramref name="pid"/>.</summary>
    public static IReadOnlyList<string> ContainersOwnedBy(int pid)
        => Cli("ps", "-a", "--no-trunc", "--filter", $"label={ContainerPostgresReaper.Label}", "--format",
                $"{{{{.ID}}}} {{{{.Label \"{ContainerPostgresReaper.OwnerLabel}\"}}}}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Split(' ') is [_, var owner, ..] && owner == pid.ToString())
            .Select(line => line.Split(' ')[0]).ToList();

    /// <summary>Runs the docker CLI and returns its standard output; a failure throws with its standard error.</summary>
    public static string Cli(params string[] args)
    {
        var psi = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60))) { p.Kill(); throw new TimeoutException($"docker {string.Join(' ', args)} did not exit within 60 s."); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"docker {string.Join(' ', args)}: exit {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
