using Runbooks.Core.Errors;
using Runbooks.Core.Sealing;

namespace Runbooks.Cli.Commands;

/// <summary><c>drill run --env staging [--yes]</c>: the request to drill staging, and the operator's answer.</summary>
/// <param name="Yes">Whether <c>--yes</c> was given.</param>
internal sealed record StagingRequest(bool Yes)
{
    /// <summary>The request <c>--env</c> makes: null for the simulator; <c>--yes</c> alone means nothing.</summary>
    public static StagingRequest? From(string? env, bool yes) => env switch
    {
        null => null,
        "staging" => new StagingRequest(yes),
        _ => throw new BadInputException($"--env {env} is not an environment drills run in; the only one is staging (the default is the simulator)."),
    };

    /// <summary>
    /// The staging secrets of the shell, and the production names beside them only to compare: a staging token that is
    /// production's is refused. Taken before the shell's credentials leave the process.
    /// </summary>
    public static RunVariables ShellSnapshot()
    {
        var names = new[] { "CLOUDFLARE_API_TOKEN", "DATABASE_URL" };
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (e.Key is string k && e.Value is string v && (k.StartsWith("STAGING_", StringComparison.Ordinal) || names.Contains(k))) values[k] = v;
        return RunVariables.Sealed(values);
    }
}
