using System.Globalization;

namespace Runbooks.Drills.Environments.Postgres;

/// <summary>
/// The environment variables Testcontainers reads once, when it is first used, set from what the daemon said
/// (shared/notes/testcontainers-here.md has why each is needed). A value the user set is never replaced.
/// </summary>
internal static class TestcontainersEnvironment
{
    /// <summary>The Docker API version Testcontainers 4.16 asks for unless told otherwise.</summary>
    public const string PinnedApiVersion = "1.44";

    private static readonly Lock Gate = new();

    /// <summary>Sets what is unset; must run before the first Testcontainers type is touched.</summary>
    public static void Prepare(DockerEngine docker, DockerVersion version, TimeSpan startTimeout)
    {
        lock (Gate)
        {
            // docker.io 20.10 speaks at most 1.41 and refuses 1.44 outright; a newer daemon is left to Testcontainers' own choice.
            if (DockerEngine.IsOlder(version.ApiVersion, PinnedApiVersion)) SetUnlessSet("DOCKER_API_VERSION", version.ApiVersion);
            // Ryuk is an image pulled from a registry; our own labels, dispose and sweep do its work (ContainerPostgresReaper).
            SetUnlessSet("TESTCONTAINERS_RYUK_DISABLED", "true");
            // Inside a container (/.dockerenv) Testcontainers would connect to the bridge gateway; a local daemon publishes on loopback.
            if (docker.IsLocal) SetUnlessSet("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
            // The default timeout is an hour and the default interval 1 s: a broken image would hang a drill, a good one wait idle.
            SetUnlessSet("TESTCONTAINERS_WAIT_STRATEGY_TIMEOUT", startTimeout.ToString("c", CultureInfo.InvariantCulture));
            SetUnlessSet("TESTCONTAINERS_WAIT_STRATEGY_INTERVAL", "00:00:00.2");
        }
    }

    private static void SetUnlessSet(string name, string value)
    {
        if (string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(name))) System.Environment.SetEnvironmentVariable(name, value);
    }
}
