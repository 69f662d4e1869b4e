namespace Runbooks.Core.Secrets;

/// <summary>
/// Finds the password inside a database connection string, in URL form (<c>postgres://user:p%40ss@host/db</c>) or
/// keyword form (<c>Host=...;Password=p@ss</c>), so the password alone is masked wherever a driver or tool quotes it.
/// </summary>
public static class ConnectionStringSecrets
{
    /// <summary>The password (decoded, as the server sees it) of <paramref name="value"/>, or null when it holds none.</summary>
    public static string? PasswordOf(string value)
    {
        var v = value.Trim();
        var scheme = v.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            // User info ends at the last '@' before the query: a password may hold a raw '/' or '@'.
            var rest = v[(scheme + 3)..];
            var query = rest.IndexOf('?');
            var at = (query >= 0 ? rest[..query] : rest).LastIndexOf('@');
            if (at <= 0) return null;
            var userInfo = rest[..at];
            var colon = userInfo.IndexOf(':');
            return colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        }
        foreach (var part in v.Split(';'))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            var key = part[..eq].Trim();
            if (key.Equals("Password", StringComparison.OrdinalIgnoreCase) || key.Equals("Pwd", StringComparison.OrdinalIgnoreCase))
                return part[(eq + 1)..].Trim().Trim('\'', '"');
        }
        return null;
    }
}
