using System.Collections;
using Runbooks.Core.Secrets;

namespace Runbooks.Core.Sealing;

/// <summary>
/// The operator's production credentials as a shell holds them: <c>CLOUDFLARE_*</c>, <c>VERCEL_*</c>,
/// <c>*DATABASE_URL</c> and <c>RUNBOOK_PARAM_*</c>. A drill process removes them from its own environment before any
/// runbook runs, so even a script that reads <see cref="Environment"/> directly finds nothing to reach production with.
/// </summary>
public static class ShellCredentials
{
    /// <summary>Whether a variable of this name is one a drill must never see.</summary>
    public static bool IsCredential(string name)
    {
        var n = name.ToUpperInvariant();
        return n.StartsWith("CLOUDFLARE_", StringComparison.Ordinal) || n.StartsWith("VERCEL_", StringComparison.Ordinal)
            || n.StartsWith("RUNBOOK_PARAM_", StringComparison.Ordinal) || n.EndsWith("DATABASE_URL", StringComparison.Ordinal)
            || n.StartsWith("STAGING_", StringComparison.Ordinal) || n.StartsWith("PG", StringComparison.Ordinal) && n.Length > 2;
    }

    /// <summary>
    /// Removes every credential from this process's environment, after registering the secret-looking ones with
    /// <paramref name="redactor"/> (a value printed from memory is still masked). Returns the names removed.
    /// </summary>
    public static IReadOnlyList<string> RemoveFromProcess(SecretRedactor redactor)
    {
        var removed = new List<string>();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is not string name || !IsCredential(name)) continue;
            if (SecretRedactor.LooksSecret(name)) redactor.Add(e.Value as string, name);
            Environment.SetEnvironmentVariable(name, null);
            removed.Add(name);
        }
        return removed;
    }
}
