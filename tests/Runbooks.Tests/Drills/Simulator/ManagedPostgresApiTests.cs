using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Runbooks.Core.Estates;
using Runbooks.Core.Secrets;
using Runbooks.Core.Sealing;
using Runbooks.Core.Timing;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Drills.Environments.Simulator.Model;
using Runbooks.Providers;
using Runbooks.Providers.Http;
using Runbooks.Providers.Neon;
using Runbooks.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Runbooks.Tests.Drills.Simulator;

/// <summary>The simulated Neon and Supabase APIs (provider-apis-2.md §3, §4): shapes, errors, polls that flip; and the Neon client's retries.</summary>
public sealed class ManagedPostgresApiTests(SimulatorFixture fixture) : SimulatorTest(fixture)
{
    private static readonly EstatePostgres Neon = new(EstatePostgresProvider.Neon, "floral-disk-86322740", "br-main-1", "br-recovery-2", "NEON_RECOVERY_DATABASE_URL");
    private static readonly EstatePostgres Supabase = new(EstatePostgresProvider.Supabase, SupabaseProjectRef: "abcdefghijklmnopqrst");

    private HttpClient Api(string token = SimulatorHost.PlaceholderToken)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private string Restore(string branch = "br-recovery-2") => $"{Sim.NeonApiBaseUrl}/projects/floral-disk-86322740/branches/{branch}/restore";

    private static JsonContent Body(DateTimeOffset at) => JsonContent.Create(new { source_branch_id = "br-main-1", source_timestamp = at.ToString("O") });

    [Fact]
    public async Task NeonRestore_AnswersBranchAndRunningOperations_ThenTheOperationFinishesAfterPolls_AndASecondRestoreMeanwhileIs423()
    {
        await Sim.Model.Postgres.AttachAsync(Neon, null);
        using var http = Api();

        var restored = JsonNode.Parse(await (await http.PostAsync(Restore(), Body(DateTimeOffset.UtcNow))).Content.ReadAsStringAsync())!;
        var op = restored["operations"]![0]!;
        using var second = new HttpRequestMessage(HttpMethod.Post, Restore()) { Content = Body(DateTimeOffset.UtcNow) };
        second.Headers.Add("X-Request-ID", "req-42");
        var locked = await http.SendAsync(second);
        var statuses = new List<string>();
        for (var i = 0; i < 2; i++)
            statuses.Add((string)JsonNode.Parse(await http.GetStringAsync($"{Sim.NeonApiBaseUrl}/projects/floral-disk-86322740/operations/{op["id"]}"))!["operation"]!["status"]!);

        Assert.Equal("br-recovery-2", (string?)restored["branch"]!["id"]);
        Assert.Equal("br-main-1", (string?)restored["branch"]!["parent_id"]);
        Assert.Equal("running", (string?)op["status"]);
        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        var error = JsonNode.Parse(await locked.Content.ReadAsStringAsync())!;
        Assert.Equal(SimulatedPostgres.ConflictingOperations, (string?)error["message"]);
        Assert.Equal("req-42", (string?)error["request_id"]);
        Assert.Equal(["running", "finished"], statuses);
    }

    [Theory]
    [InlineData("wrong-key", "br-recovery-2", 0, HttpStatusCode.Unauthorized)]
    [InlineData(SimulatorHost.PlaceholderToken, "br-nope-9", 0, HttpStatusCode.NotFound)]
    [InlineData(SimulatorHost.PlaceholderToken, "br-recovery-2", -3600, HttpStatusCode.BadRequest)]
    public async Task NeonRestore_Refuses_BadKey_UnknownBranch_OutOfWindow(string key, string branch, int secondsFromNow, HttpStatusCode expected)
    {
        await Sim.Model.Postgres.AttachAsync(Neon, null);
        using var http = Api(key);

        var answer = await http.PostAsync(Restore(branch), Body(DateTimeOffset.UtcNow.AddSeconds(secondsFromNow)));

        Assert.Equal(expected, answer.StatusCode);
        var error = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.NotNull((string?)error["message"]);
        Assert.NotNull((string?)error["request_id"]);
    }

    [Fact]
    public async Task SupabasePitr_Is201Empty_TakesTheTargetAsAString_AndTheProjectIsRestoringUntilPolled()
    {
        await Sim.Model.Postgres.AttachAsync(Supabase, null);
        using var http = Api();
        var root = $"{Sim.SupabaseApiBaseUrl}/v1/projects/abcdefghijklmnopqrst";

        var backups = JsonNode.Parse(await http.GetStringAsync(root + "/database/backups"))!;
        var restore = await http.PostAsync(root + "/database/backups/restore-pitr",
            JsonContent.Create(new { recovery_time_target_unix = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var statuses = new List<string>();
        for (var i = 0; i < 2; i++) statuses.Add((string)JsonNode.Parse(await http.GetStringAsync(root))!["status"]!);
        var unknown = await http.GetAsync($"{Sim.SupabaseApiBaseUrl}/v1/projects/zzzzzzzzzzzzzzzzzzzz");
        using var anonymous = new HttpClient();
        var unauthorized = await anonymous.GetAsync(root);

        Assert.True((bool)backups["pitr_enabled"]!);
        Assert.Equal(HttpStatusCode.Created, restore.StatusCode);
        Assert.Empty(await restore.Content.ReadAsByteArrayAsync());
        Assert.Equal(["RESTORING", "ACTIVE_HEALTHY"], statuses);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Fact]
    public async Task NeonClient_Retries423And503_ThenWaitsForTheOperation()
    {
        await Sim.Model.Postgres.AttachAsync(Neon, null);
        // A first restore still running (423 for the next), and one 503 before the model answers at all.
        using (var http = Api()) await http.PostAsync(Restore(), Body(DateTimeOffset.UtcNow));
        Sim.Server.Given(Request.Create().WithPath(NeonApi503Path).UsingPost()).InScenario("503").WillSetStateTo("answered")
            .RespondWith(Response.Create().WithStatusCode(503).WithBodyAsJson(new { code = "", message = "service unavailable" }));
        var log = new List<string>();
        var context = new ProviderContext(new SecretStore(new SecretRedactor(), RunVariables.Sealed(new Dictionary<string, string> { ["NEON_API_KEY"] = SimulatorHost.PlaceholderToken })),
            new LineLog(log), clock: new RunClock(new TimeScale(0.01)), endpoints: EndpointPolicy.Drill());
        using var neon = new NeonClient(new NeonOptions { BaseUrl = new Uri(Sim.NeonApiBaseUrl), Http = SimulatorFixture.FastRetries with { LockedRetries = 5, LockedRetryDelay = TimeSpan.FromSeconds(20) } }, context);
        var first = Sim.Model.Postgres.NeonOperations().Single().Operation.Id;
        // The running operation finishes once polled enough, as a real one would while the client waits on 423.
        _ = Task.Run(async () =>
        {
            while (!Sim.Requests.Any(r => r.Status == 423)) await Task.Delay(20);
            for (var i = 0; i < 2; i++) Sim.Model.Postgres.PollNeonOperation(first);
        });

        var restore = await neon.RestoreBranch("floral-disk-86322740", "br-recovery-2", "br-main-1", DateTimeOffset.UtcNow);

        var calls = (await Journal("/restore")).Select(c => c.Status ?? 0).ToList();
        Assert.Equal(503, calls[1]);
        Assert.True(calls.Contains(423), string.Join(",", calls));
        Assert.Equal(200, calls[^1]);
        Assert.Equal("finished", Assert.Single(restore.Operations).Status);
        Assert.True(log.Any(l => l.Contains("HTTP 423 (operations already running)", StringComparison.Ordinal)), string.Join("\n", log));
        Assert.DoesNotContain(log, l => l.Contains(SimulatorHost.PlaceholderToken, StringComparison.Ordinal));
    }

    private sealed class LineLog(List<string> lines) : Runbooks.Core.Runs.IRunLog
    {
        public void Log(string message) { lock (lines) lines.Add(message); }
    }

    private const string NeonApi503Path = "/neon/api/v2/projects/floral-disk-86322740/branches/br-recovery-2/restore";
}
