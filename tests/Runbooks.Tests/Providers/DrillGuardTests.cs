using Runbooks.Core.Errors;
using Runbooks.Core.Runs;
using Runbooks.Core.Sealing;
using Runbooks.Core.Secrets;
using Runbooks.Providers;
using Runbooks.Providers.Cloudflare;
using Runbooks.Providers.Http;
using Runbooks.Providers.Postgres;

namespace Runbooks.Tests.Providers;

/// <summary>Each client a runbook gets refuses, in a drill, an endpoint off loopback: one sentence, exit 3, nothing sent.</summary>
public sealed class DrillGuardTests
{
    private static ProviderContext Drill(Dictionary<string, string>? variables = null) => new(
        new SecretStore(new SecretRedactor(), RunVariables.Sealed(variables ?? new Dictionary<string, string>())), new NullLog(),
        endpoints: EndpointPolicy.Drill());

    [Fact]
    public void A_database_off_loopback_is_refused_before_any_connection()
    {
        var e = Assert.Throws<EnvironmentUnavailableException>(() => new DbClient(Drill(), new DbClientOptions
        {
            ConnectionString = "postgres://app:Pr0d-Pa55word@db.prod.example.com:5432/app",
        }));

        Assert.Equal("A drill reaches only loopback endpoints, so the database in DATABASE_URL at db.prod.example.com:5432/app was refused: "
            + "a drill never leaves this machine.", e.Message);
        Assert.Equal(ExitCodes.EnvironmentUnavailable, e.ExitCode);
    }

    [Fact]
    public async Task A_probe_off_loopback_is_refused()
    {
        using var probe = new HttpProbe(Drill());

        var e = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => probe.Check("https://app.example.com/api/health"));

        Assert.StartsWith("A drill reaches only loopback endpoints, so the probe at https://app.example.com/api/health was refused", e.Message);
    }

    [Fact]
    public async Task A_provider_api_off_loopback_is_refused_and_its_token_is_never_sent()
    {
        var context = Drill(new Dictionary<string, string> { ["CLOUDFLARE_API_TOKEN"] = "cf-token-from-somewhere" });
        using var cf = new CloudflareClient(new CloudflareOptions { AccountId = "0123456789abcdef0123456789abcdef" }, context);

        var e = await Assert.ThrowsAsync<EnvironmentUnavailableException>(() => cf.ListDeployments("api"));

        Assert.Equal("A drill reaches only loopback endpoints, so the Cloudflare API at https://api.cloudflare.com/client/v4 was refused: "
            + "a drill never leaves this machine.", e.Message);
    }

    private sealed class NullLog : IRunLog
    {
        public void Log(string message) { }
    }
}
