using Runbooks.Drills.Environments.Simulator;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.RunbookScripts;

/// <summary><c>Incident.Notify</c> against the simulated Slack webhook and Statuspage page, as people on the other end see it.</summary>
public sealed class IncidentNotifyTests(SimulatorFixture fixture) : SimulatorTest(fixture), IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private void Runbook() => _ws.Runbook("tell.csx", """
        // Tells people twice, between two steps.
        Incident.Declare("API errors", "P1");
        await Incident.Notify("Rolling back the API.", IncidentStatus.Identified);
        await Step("Work", () => Log("working"));
        await Incident.Notify("The API is back.", IncidentStatus.Resolved);
        """);

    [Fact]
    public async Task PostsToSlack_AndOpensThenResolvesOneStatusPageIncident()
    {
        Runbook();

        var r = SimulatedExec.Run(Sim, _ws, "tell", null);

        Assert.True(r.ExitCode == 0, r.ToString());
        lock (Sim.Model.Gate)
        {
            var incident = Assert.Single(Sim.Model.Communications.Incidents.Values);
            Assert.Equal("API errors", (string?)incident["name"]);
            Assert.Equal("resolved", (string?)incident["status"]);
            Assert.Equal("major", (string?)incident["impact"]); // P1
            Assert.NotNull((string?)incident["resolved_at"]);
            Assert.Equal(["The API is back.", "Rolling back the API."], incident["incident_updates"]!.AsArray().Select(u => (string?)u!["body"]));
            Assert.Equal(["*P1* identified - API errors: Rolling back the API.", "*P1* resolved - API errors: The API is back."],
                Sim.Model.Communications.Posts.Where(p => p.Channel == "Slack").Select(p => p.Text));
        }
        var requests = await Journal("/statuspage/");
        Assert.Equal(["POST", "PATCH"], requests.Select(q => q.Method));
        Assert.All(requests, q => Assert.Equal("OAuth " + SimulatorHost.PlaceholderToken, q.Headers["Authorization"]));
        Assert.Contains("status page said resolved: resolved, incident", _ws.LatestJournal().Text);
    }

    [Fact]
    public void ARevokedWebhook_IsRecordedAndTheRunGoesOn_WithTheWebhookUrlMaskedEverywhere()
    {
        Runbook();
        var revoked = Sim.BaseUrl.ToString().TrimEnd('/') + "/slack/services/T0SIMULATE/B0SIMULATE/revoked0hook0secret0part";

        var r = SimulatedExec.Run(Sim, _ws, "tell", new Dictionary<string, string> { ["SLACK_WEBHOOK_URL"] = revoked });

        Assert.True(r.ExitCode == 0, r.ToString());
        var journal = _ws.LatestJournal().Text;
        Assert.Contains("Slack was not told (identified): ", journal);
        Assert.Contains("no_service", journal);
        Assert.Contains("[ok] [1] Work", r.Stdout);
        Assert.DoesNotContain("revoked0hook0secret0part", r.Output + journal);
        lock (Sim.Model.Gate) Assert.Single(Sim.Model.Communications.Incidents); // the status page still heard
    }

    [Fact]
    public void ADryRun_TellsNobody_AndSaysSo()
    {
        Runbook();
        EstateYaml.WriteTo(_ws.Root, Sim.SimulatedEstateView);

        var dry = RunbooksCli.Run(_ws.Root, ["exec", "tell", "--dry-run"], Sim.EnvironmentVariables.ToDictionary(v => v.Key, v => (string?)v.Value), TimeSpan.FromSeconds(60));

        Assert.True(dry.ExitCode == 0, dry.ToString());
        lock (Sim.Model.Gate) Assert.Empty(Sim.Model.Communications.Posts);
        Assert.Contains("(not sent: dry run)", _ws.LatestJournal().Text);
    }
}
