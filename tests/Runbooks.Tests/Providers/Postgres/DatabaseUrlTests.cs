using Runbooks.Core.Errors;
using Runbooks.Providers;
using Runbooks.Providers.Postgres;

namespace Runbooks.Tests.Providers.Postgres;

/// <summary>DATABASE_URL as psql takes it, or as Npgsql does; and options that cannot work are refused when the client is built.</summary>
public sealed class DatabaseUrlTests
{
    [Fact]
    public void Parse_UrlForm_DecodesUserPasswordAndSslMode()
    {
        var b = DatabaseUrl.Parse("postgresql://app%40corp:p%2Fss%3Aword@db.example.com/pitchey?sslmode=require&application_name=ops");

        Assert.Equal(("db.example.com", 5432, "pitchey"), (b.Host!, b.Port, b.Database!));
        Assert.Equal(("app@corp", "p/ss:word"), (b.Username!, b.Password!));
        Assert.Equal(Npgsql.SslMode.Require, b.SslMode);
        Assert.Equal("db.example.com:5432/pitchey", DatabaseUrl.Describe(b));
    }

    [Fact]
    public void Parse_KeywordForm_IsTakenAsIs()
    {
        var b = DatabaseUrl.Parse("Host=10.0.0.5;Port=6432;Database=app;Username=u;Password=p");

        Assert.Equal("10.0.0.5:6432/app", DatabaseUrl.Describe(b));
    }

    [Fact]
    public void Options_ThatCannotWork_AreRefusedWhenTheClientIsBuilt()
    {
        var context = ProviderContext.ForTools();

        Assert.Equal("DATABASE_URL is empty.",
            Assert.Throws<BadInputException>(() => new DbClient(context, new DbClientOptions { ConnectionString = " " })).Message);
        Assert.Equal("DbClientOptions.CommandTimeout must be positive.", Assert.Throws<BadInputException>(() =>
            new DbClient(context, new DbClientOptions { ConnectionString = "Host=h", CommandTimeout = TimeSpan.Zero })).Message);
    }
}
