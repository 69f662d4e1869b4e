using System.Diagnostics;
using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.WireMock;

namespace Runbooks.Drills.Environments.Simulator;

/// <summary>
/// Fires one delayed webhook through the simulator before any drill does. WireMock's first webhook in a JVM loads its
/// HTTP client and templating classes, which made the first propagation of every drill batch about 0.4 s late: real
/// time that a drill at time scale 0.02 would read as 20 s of provider propagation.
/// </summary>
public static class WebhookWarmUp
{
    private const string Scenario = "runbooks-webhook-warm-up";

    /// <summary>Fires the webhook <paramref name="rounds"/> times and waits for each; returns the last round's lag beyond its delay (about 70 ms warm).</summary>
    public static async Task<TimeSpan> RunAsync(WireMockAdminClient admin, Uri baseUrl, int rounds = 3, CancellationToken cancellation = default)
    {
        var delay = TimeSpan.FromMilliseconds(20);
        var id = await admin.AddMappingAsync(new JsonObject
        {
            ["name"] = "simulator: webhook warm-up",
            ["priority"] = 1,
            ["scenarioName"] = Scenario,
            ["request"] = new JsonObject { ["method"] = "POST", ["urlPath"] = "/__runbooks/warm-up" },
            ["response"] = new JsonObject { ["status"] = 204 },
            ["serveEventListeners"] = new JsonArray(new JsonObject
            {
                ["name"] = "webhook",
                ["parameters"] = new JsonObject
                {
                    ["method"] = "PUT",
                    ["url"] = "{{originalRequest.baseUrl}}/__admin/scenarios/" + Scenario + "/state",
                    ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
                    ["body"] = "{\"state\": \"Warm\"}",
                    ["delay"] = new JsonObject { ["type"] = "fixed", ["milliseconds"] = (long)delay.TotalMilliseconds },
                },
            }),
        }, cancellation).ConfigureAwait(false);
        // WireMock moves a scenario only into a state some mapping names: this one names "Warm".
        var states = await admin.AddMappingAsync(new JsonObject
        {
            ["name"] = "simulator: webhook warm-up states",
            ["scenarioName"] = Scenario,
            ["requiredScenarioState"] = "Warm",
            ["newScenarioState"] = "Started",
            ["request"] = new JsonObject { ["method"] = "POST", ["urlPath"] = "/__runbooks/warm-up/reset" },
            ["response"] = new JsonObject { ["status"] = 204 },
        }, cancellation).ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        var lag = TimeSpan.Zero;
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                var sent = Stopwatch.GetTimestamp();
                await admin.SetScenarioStateAsync(Scenario, "Started", cancellation).ConfigureAwait(false);
                using (var response = await http.PostAsync("/__runbooks/warm-up", null, cancellation).ConfigureAwait(false)) { }
                while (!(await admin.GetScenarioStatesAsync(cancellation).ConfigureAwait(false)).TryGetValue(Scenario, out var state) || state != "Warm")
                {
                    if (Stopwatch.GetElapsedTime(sent) > TimeSpan.FromSeconds(10)) return Stopwatch.GetElapsedTime(sent); // the drills will say what is wrong
                    await Task.Delay(2, cancellation).ConfigureAwait(false);
                }
                lag = Stopwatch.GetElapsedTime(sent) - delay;
            }
            return lag;
        }
        finally
        {
            await admin.RemoveMappingAsync(id, CancellationToken.None).ConfigureAwait(false);
            await admin.RemoveMappingAsync(states, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
