namespace Runbooks.Providers.Postgres;

/// <summary>One statement of a SQL file and the line it starts on (1-based), so a failure can name the line.</summary>
/// <param name="Text">The statement without its terminating semicolon.</param>
/// <param name="Line">The line of the file its first non-blank character is on.</param>
public sealed record SqlStatement(string Text, int Line);

/// <summary>
/// Splits a SQL script at top-level semicolons, the way psql does: semicolons inside quotes, dollar-quoted bodies
/// (<c>$$ ... $$</c>, <c>$fn$ ... $fn$</c>) and comments do not split. Running statements one by one is what lets a
/// failed migration say which statement and line failed.
/// </summary>
internal static class SqlStatementSplitter
{
    public static IReadOnlyList<SqlStatement> Split(string sql)
    {
        var result = new List<SqlStatement>();
        var start = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && Next(sql, i) == '-') i = SkipTo(sql, i, "\n");
            else if (c == '/' && Next(sql, i) == '*') i = SkipBlockComment(sql, i);
            else if (c == '\'' || c == '"') i = SkipQuoted(sql, i, c);
            else if (c == '$' && DollarTag(sql, i) is { } tag) i = SkipTo(sql, i + tag.Length, tag);
            else if (c == ';')
            {
                Add(result, sql, start, i);
                start = ++i;
            }
            else i++;
        }
        Add(result, sql, start, sql.Length);
        return result;
    }

    private static void Add(List<SqlStatement> result, string sql, int start, int end)
    {
        var first = SkipBlank(sql, start, end);
        if (first >= end) return; // only comments and whitespace: nothing to send
        result.Add(new SqlStatement(sql[first..end].TrimEnd(), LineAt(sql, first)));
    }

    /// <summary>The 1-based line of character <paramref name="offset"/>.</summary>
    public static int LineAt(string text, int offset)
    {
        var line = 1;
        for (var k = 0; k < offset && k < text.Length; k++) if (text[k] == '\n') line++;
        return line;
    }

    // The statement starts at its first word, not at the comments before it: that is the line an error should name.
    private static int SkipBlank(string text, int i, int end)
    {
        while (i < end)
        {
            if (char.IsWhiteSpace(text[i])) i++;
            else if (text[i] == '-' && Next(text, i) == '-') i = SkipTo(text, i, "\n");
            else if (text[i] == '/' && Next(text, i) == '*') i = SkipBlockComment(text, i);
            else return i;
        }
        return end;
    }

    private static char Next(string s, int i) => i + 1 < s.Length ? s[i + 1] : '\0';

    private static int SkipTo(string s, int from, string end)
    {
        var at = s.IndexOf(end, from + 1, StringComparison.Ordinal);
        return at < 0 ? s.Length : at + end.Length;
    }

    private static int SkipBlockComment(string s, int i)
    {
        // Block comments nest in PostgreSQL.
        var depth = 0;
        while (i < s.Length)
        {
            if (s[i] == '/' && Next(s, i) == '*') { depth++; i += 2; }
            else if (s[i] == '*' && Next(s, i) == '/') { depth--; i += 2; if (depth == 0) return i; }
            else i++;
        }
        return i;
    }

    private static int SkipQuoted(string s, int i, char quote)
    {
        i++;
        while (i < s.Length)
        {
            if (s[i] == quote)
            {
                if (Next(s, i) == quote) { i += 2; continue; } // '' or "" is an escaped quote
                return i + 1;
            }
            i++;
        }
        return i;
    }

    private static string? DollarTag(string s, int i)
    {
        // $tag$ where tag is empty or an identifier; $1 (a parameter) is not a tag.
        var j = i + 1;
        while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_')) j++;
        if (j >= s.Length || s[j] != '$') return null;
        if (j > i + 1 && char.IsDigit(s[i + 1])) return null;
        return s[i..(j + 1)];
    }
}
