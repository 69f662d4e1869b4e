using Runbooks.Core.Errors;
using Runbooks.Core.Sealing;

namespace Runbooks.Tests.Core;

/// <summary>In a drill only loopback may be reached; a service the drill did not start is refused by name.</summary>
public sealed class EndpointPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/client/v4")]
    [InlineData("http://127.3.4.5/")]
    [InlineData("http://localhost:5000/api/health")]
    [InlineData("http://[::1]:9000/")]
    public void A_drill_reaches_loopback(string url)
        => EndpointPolicy.Drill().EnsureAllowed(new Uri(url), "the probe");

    [Theory]
    [InlineData("https://api.cloudflare.com/client/v4", "https://api.cloudflare.com/client/v4")]
    [InlineData("http://10.0.0.5:8080/health?x=1", "http://10.0.0.5:8080/health")]
    [InlineData("http://localhost.example.com/", "http://localhost.example.com/")]
    [InlineData("http://127.0.0.1.nip.io/", "http://127.0.0.1.nip.io/")]
    [InlineData("http://api.localhost/", "http://api.localhost/")]
    [InlineData("https://admin:Pr0d-Pa55@db.example.com/health?token=abc123xyz", "https://db.example.com/health")]
    public void A_drill_refuses_anything_else_with_exit_3_naming_the_endpoint(string url, string named)
    {
        var e = Assert.Throws<EnvironmentUnavailableException>(() => EndpointPolicy.Drill().EnsureAllowed(new Uri(url), "the Cloudflare API"));

        Assert.Equal(ExitCodes.EnvironmentUnavailable, e.ExitCode);
        Assert.Equal($"A drill reaches only loopback endpoints, so the Cloudflare API at {named} was refused: a drill never leaves this machine.", e.Message);
    }

    [Theory]
    [InlineData("db.internal", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.1:5432", true)]
    [InlineData("/var/run/postgresql", true)]
    [InlineData("127.0.0.1,prod-replica.example.com", false)]
    public void Database_hosts_are_checked_each(string host, bool allowed)
    {
        var check = () => EndpointPolicy.Drill().EnsureHostAllowed(host, $"{host}/app", "the database in DATABASE_URL");
        if (allowed) check();
        else Assert.Contains($"the database in DATABASE_URL at {host}/app was refused", Assert.Throws<EnvironmentUnavailableException>(check).Message);
    }

    [Fact]
    public void A_service_the_drill_did_not_start_is_refused_in_one_sentence()
    {
        var policy = EndpointPolicy.Drill(new Dictionary<string, string> { ["Vercel"] = "Vercel simulator" });

        var e = Assert.Throws<EnvironmentUnavailableException>(() => policy.EnsurePresent("Vercel"));

        Assert.Equal("This drill has no Vercel simulator; the runbook called Vercel.", e.Message);
        policy.EnsurePresent("Cloudflare");
    }

    [Theory]
    [InlineData("CLOUDFLARE_API_BASE_URL", true)]
    [InlineData("VERCEL_ORG_ID", true)]
    [InlineData("STAGING_DATABASE_URL", true)]
    [InlineData("NEON_API_KEY", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("PGPASSWORD", true)]
    [InlineData("RUNBOOK_PARAM_WORKER", true)]
    [InlineData("PATH", false)]
    [InlineData("RUNBOOKS_CACHE_DIR", false)]
    [InlineData("PG", false)]
    public void A_drill_process_drops_every_credential_of_the_shell_and_keeps_the_rest(string name, bool credential)
        => Assert.Equal(credential, ShellCredentials.IsCredential(name));

    [Fact]
    public void Production_runs_are_not_restricted()
        => EndpointPolicy.Unrestricted.EnsureAllowed(new Uri("https://api.cloudflare.com/client/v4"), "the Cloudflare API");
}
