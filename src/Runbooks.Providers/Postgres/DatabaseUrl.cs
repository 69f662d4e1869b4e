using Npgsql;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// Turns what <c>DATABASE_URL</c> holds into Npgsql settings: either the URL form psql takes
/// (<c>postgres://user:password@host:5432/db?sslmode=require</c>) or an Npgsql keyword string
/// (<c>Host=...;Database=...;Username=...;Password=...</c>). Parse errors never echo the value, which holds a password.
/// </summary>
public static class DatabaseUrl
{
    /// <summary>Parses <paramref name="value"/>; <paramref name="source"/> names where it came from for the error message.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string value, string source = "DATABASE_URL")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var text = value.Trim();
        try
        {
            return text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
                   || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                ? FromUrl(text)
                : new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            // The exception text may quote the value; it is not passed on.
            throw new BadInputException(
                $"{source} is neither a postgres://user:password@host:port/database URL nor a Host=...;Database=... connection string.");
        }
    }

    /// <summary><c>host:port/database</c>: how errors and logs name a database, never with user or password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder settings)
        => $"{settings.Host ?? "localhost"}:{settings.Port}/{settings.Database ?? settings.Username ?? "postgres"}";

    private static NpgsqlConnectionStringBuilder FromUrl(string text)
    {
        var uri = new Uri(text);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
        };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) b.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            b.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) b.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var val = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key.ToLowerInvariant())
            {
                case "sslmode": b.SslMode = Enum.Parse<SslMode>(val.Replace("-", ""), ignoreCase: true); break;
                case "application_name": b.ApplicationName = val; break;
                case "connect_timeout": b.Timeout = int.Parse(val, System.Globalization.CultureInfo.InvariantCulture); break;
                case "host": b.Host = val; break; // postgres:///db?host=/var/run/postgresql (a socket directory)
                case "port": b.Port = int.Parse(val, System.Globalization.CultureInfo.InvariantCulture); break;
                default: break; // libpq options Npgsql has no equivalent for are ignored, as psql ignores unknown ones with a warning
            }
        }
        return b;
    }
}
