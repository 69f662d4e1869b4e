using Runbooks.Core.Estates;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Core.Estates;

/// <summary>The estate file: what a team writes once, read with errors that name the line, the column and what is allowed.</summary>
public sealed class EstateFileTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private Estate Read(string yaml)
    {
        var path = Path.Combine(_ws.Root, "estate.yaml");
        File.WriteAllText(path, yaml);
        return EstateFile.Read(path, "estate.yaml");
    }

    private EstateFileException Refused(string yaml) => Assert.Throws<EstateFileException>(() => Read(yaml));

    [Fact]
    public void TheRepositorysEstate_NamesTodaysResources()
    {
        var estate = EstateFile.Read(Path.Combine(PostgresServer.RepositoryRoot, EstateFile.DefaultPath));

        Assert.Equal("pitchey-production", Assert.Single(estate.Workers).Name);
        Assert.Equal(["DATABASE_URL", "JWT_SECRET", "API_KEY"], estate.Worker("pitchey-production").Secrets);
        Assert.Equal("API_KEY", estate.Worker("pitchey-production").Auth);
        Assert.Equal(["iflow", "groq", "cerebras"], estate.Worker("pitchey-production").Choices["AI_PROVIDER"]);
        Assert.Equal("prj_churnsaver0001", estate.VercelProject("churn-saver").Id);
        Assert.Equal("9a7806061c88ada191ed06f989cc3dac", estate.Zone("pitchey.com").Id);
    }

    [Fact]
    public void AFullEstate_IsReadWithDefaults_AndStaging()
    {
        var estate = Read("""
            cloudflare:
              accountId: 0123456789abcdef0123456789abcdef
              zones: [{ name: shop.example, id: fedcba9876543210fedcba9876543210 }]
              workers:
                - { name: api, critical: [/v1/cart], secrets: [STRIPE_KEY], vars: { MODE: live } }
                - { name: jobs, health: /status }
              pages: [{ name: storefront }]
            vercel:
              teamId: team_shop
              projects: [{ name: admin, id: prj_admin1, env: { KILL: "off" } }]
            staging:
              cloudflare:
                accountId: 11111111111111111111111111111111
                workers: { api: { name: api-staging, url: https://api-staging.shop.example } }
              database: STAGING_DATABASE_URL
              maxRate: 5
            """);

        Assert.Equal(["api", "jobs"], estate.Workers.Select(w => w.Name));
        Assert.Equal("/api/health", estate.Worker("api").Health);
        Assert.Equal("/status", estate.Worker("jobs").Health);
        Assert.Equal("live", estate.Worker("api").Vars["MODE"]);
        Assert.Equal("/", estate.Pages("storefront").Health);
        Assert.Equal("off", estate.VercelProject("prj_admin1").Env["KILL"]);
        Assert.Equal(("api-staging", 5.0, "STAGING_DATABASE_URL"), (estate.Staging!.Workers["api"].Name, estate.Staging.MaxRate, estate.Staging.DatabaseSecret));
        Assert.Equal("https://api.cloudflare.com/client/v4", estate.Staging.CloudflareApiBaseUrl);
    }

    [Fact]
    public void AnUnknownKey_NamesItsLineColumn_AndTheAllowedKeys()
    {
        var e = Refused("""
            cloudflare:
              accountId: 0123456789abcdef0123456789abcdef
              workers:
                - name: api
                  helth: /ok
            """);

        Assert.Equal("estate.yaml(5,7): 'helth' is not a workers entry key; allowed: name, health, critical, secrets, vars, url, auth, choices.", e.Message);
    }

    [Theory]
    [InlineData("cloudflare:\n  accountId: 12345\n", "estate.yaml(2,14): 'accountId' '12345' is not the account id, 32 hex digits.")]
    [InlineData("cloudflare:\n  accountId: 0123456789abcdef0123456789abcdef\n  workers: [{ name: api, health: status }]\n",
        "estate.yaml(3,34): 'health' 'status' must be a path starting with '/'.")]
    [InlineData("cloudflare:\n  accountId: 0123456789abcdef0123456789abcdef\n  workers: [{ name: api }, { name: api }]\n",
        "estate.yaml(3,36): Worker 'api' is given twice.")]
    [InlineData("vercel:\n  projects: [{ name: web, id: web1 }]\n", "estate.yaml(2,31): project id 'web1' must start with prj_.")]
    [InlineData("cloudflare:\n  workers: [{ name: api }]\n", "estate.yaml(2,3): 'accountId' is required when the estate names Workers or Pages projects (the account id, 32 hex digits).")]
    [InlineData("staging:\n  database: postgres://u:p@db/x\n", "estate.yaml(2,13): database must name the secret that holds the URL (like STAGING_DATABASE_URL), never the URL itself.")]
    [InlineData("cloudflare: [1, 2\n", "estate.yaml(2,1): not valid YAML")]
    public void BadInput_IsOneSentenceNamingTheFileLineAndColumn(string yaml, string expected)
        => Assert.StartsWith(expected, Refused(yaml).Message);

    [Fact]
    public void AStagingTwinOfAServiceTheEstateDoesNotRun_IsRefusedNamingTheOnesItRuns()
    {
        var e = Refused("""
            cloudflare:
              accountId: 0123456789abcdef0123456789abcdef
              workers: [{ name: api }]
            staging:
              cloudflare:
                workers: { billing: { name: billing-staging, url: https://b.example } }
            """);

        Assert.Equal("estate.yaml(6,16): 'billing' is not a production service of the estate; staging workers are keyed by one of: api.", e.Message);
    }

    [Fact]
    public void AskingForAServiceItDoesNotRun_NamesTheOnesItDoes()
    {
        var estate = Read("cloudflare:\n  accountId: 0123456789abcdef0123456789abcdef\n  workers: [{ name: api }, { name: jobs }]\n");

        var e = Assert.Throws<Runbooks.Core.Errors.BadInputException>(() => estate.Worker("billing"));

        Assert.Equal("Worker 'billing' is not in estate.yaml; it has: api, jobs.", e.Message);
    }
}
