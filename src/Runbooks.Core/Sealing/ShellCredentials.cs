using Runbooks.Core.Secrets;

namespace Runbooks.Core.Sealing;

/// <summary>
/// The operator's credentials as a shell holds them: <c>CLOUDFLARE_*</c>, <c>VERCEL_*</c>, <c>STAGING_*</c>, <c>PG*</c>,
/// <c>RUNBOOK_PARAM_*</c>, and every variable whose name says it holds a secret (<see cref="SecretRedactor.LooksSecret"/>:
/// <c>*TOKEN*</c>, <c>*SECRET*</c>, <c>*PASSWORD*</c>, <c>*_KEY</c>, <c>*DATABASE_URL</c>, ...). A drill process removes
/// them from its own environment before any runbook runs, so even a script that reads <see cref="Environment"/>
/// directly finds nothing to reach production with.
/// </summary>
public static class ShellCredentials
{
    /// <summary>Whether a variable of this name is one a drill must never see.</summary>
    public static bool IsCredential(string name)
    {
        var n = name.ToUpperInvariant();
        return SecretRedactor.LooksSecret(n) || n.EndsWith("DATABASE_URL", StringComparison.Ordinal)
            || n.StartsWith("CLOUDFLARE_", StringComparison.Ordinal) || n.StartsWith("VERCEL_", StringComparison.Ordinal)
            || n.StartsWith("STAGING_", StringComparison.Ordinal) || n.StartsWith("RUNBOOK_PARAM_", StringComparison.Ordinal)
            || n.StartsWith("PG", StringComparison.Ordinal) && n.Length > 2;
    }

    /// <summary>
    /// Removes every credential from this process's environment, after registering the secret-looking ones with
    /// <paramref name="redactor"/>, so a value a script kept from elsewhere is still masked.
    /// </summary>
    public static void RemoveFromProcess(SecretRedactor redactor)
    {
        foreach (var (name, value) in RunVariables.Process.All())
        {
            if (!IsCredential(name)) continue;
            if (SecretRedactor.LooksSecret(name)) redactor.Add(value, name);
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
