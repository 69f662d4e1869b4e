namespace Runbooks.Providers.Postgres;

/// <summary>
/// Names put into SQL text, where a parameter cannot go (tables, columns): always quoted, so a reserved word (<c>user</c>,
/// <c>order</c>) or an odd character is a name and never SQL.
/// </summary>
internal static class SqlIdentifier
{
    /// <summary><paramref name="identifier"/> as one quoted name, its own quotes doubled.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A table name as SQL: each part of <c>schema.table</c> quoted, a part already quoted kept.</summary>
    public static string QuoteTable(string table)
        => string.Join('.', table.Split('.').Select(part => part.StartsWith('"') ? part : Quote(part)));
}
