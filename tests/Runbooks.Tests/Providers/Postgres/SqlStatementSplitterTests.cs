using Runbooks.Providers.Postgres;

namespace Runbooks.Tests.Providers.Postgres;

/// <summary>Statements are split where psql would split them, and each knows its line.</summary>
public sealed class SqlStatementSplitterTests
{
    [Fact]
    public void Split_IgnoresSemicolonsInQuotesCommentsAndDollarBodies_AndNumbersLines()
    {
        var sql = """
            -- a comment; not a statement
            CREATE TABLE t (x text DEFAULT 'a;b');
            /* block; /* nested; */ still comment */
            CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;

            SELECT "odd;name", $1 FROM t
            """;

        var statements = SqlStatementSplitter.Split(sql);

        Assert.Equal([2, 4, 6], statements.Select(s => s.Line));
        Assert.Equal("CREATE TABLE t (x text DEFAULT 'a;b')", statements[0].Text);
        Assert.EndsWith("$body$ SELECT 1; $body$ LANGUAGE sql", statements[1].Text);
        Assert.Equal("SELECT \"odd;name\", $1 FROM t", statements[2].Text);
    }
}
