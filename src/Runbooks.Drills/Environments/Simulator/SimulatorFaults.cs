using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.WireMock;

namespace Runbooks.Drills.Environments.Simulator;

/// <summary>
/// Faults on demand, each one or a few WireMock mappings added above the mock sets (priority 1) and removed by
/// <see cref="ClearAsync"/>: 429 with <c>Retry-After</c>, 5xx bursts, connection resets, latency, Cloudflare's 10220
/// "secrets changed" refusal, a rejected token, and a Vercel alias job that fails. A fault limited to <c>times</c> hits
/// walks its own scenario and stops matching after the last one, so the normal answer follows.
/// </summary>
public sealed class SimulatorFaults(WireMockAdminClient admin)
{
    private readonly List<Guid> _added = [];
    private bool _latency;

    /// <summary>Answers 429 with <c>Retry-After: seconds</c> to the next <paramref name="times"/> calls to the API.</summary>
    public Task RateLimitAsync(SimulatedApi api, int retryAfterSeconds, int times = 1, string? pathPattern = null)
        => AddAsync(api, pathPattern, times, api == SimulatedApi.Cloudflare
            ? Json(429, CloudflareError(971, "Please wait and consider throttling your request speed"), new JsonObject
            {
                ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Ratelimit"] = "\"default\";r=0;t=" + retryAfterSeconds,
                ["Ratelimit-Policy"] = "\"burst\";q=1200;w=300",
            })
            : Json(429, new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = "rate_limited",
                    ["message"] = $"The rate limit of 60 exceeded for 'api'. Try again in {retryAfterSeconds} seconds",
                    ["limit"] = new JsonObject { ["remaining"] = 0, ["reset"] = 0, ["resetMs"] = 0, ["total"] = 60 },
                },
            }, new JsonObject { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }));

    /// <summary>Answers <paramref name="status"/> to the next <paramref name="times"/> calls (Cloudflare's edge sends an HTML page).</summary>
    public Task ServerErrorsAsync(SimulatedApi api, int times, int status = 502, string? pathPattern = null)
        => AddAsync(api, pathPattern, times, api == SimulatedApi.Cloudflare
            ? new JsonObject
            {
                ["status"] = status,
                ["headers"] = new JsonObject { ["Content-Type"] = "text/html" },
                ["body"] = $"<html><head><title>{status} Bad Gateway</title></head><body><center><h1>{status}</h1></center><hr><center>cloudflare</center></body></html>",
            }
            : Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = "internal_server_error", ["message"] = "An unexpected internal error occurred" } }));

    /// <summary>Resets the connection of the next <paramref name="times"/> calls (<paramref name="times"/> &lt;= 0: every call).</summary>
    public Task ConnectionResetAsync(SimulatedApi api, int times = 0, string? pathPattern = null)
        => AddAsync(api, pathPattern, times, new JsonObject { ["fault"] = "CONNECTION_RESET_BY_PEER" });

    /// <summary>Makes every answer of the simulator (APIs and services) <paramref name="delay"/> slower.</summary>
    public async Task LatencyAsync(TimeSpan delay)
    {
        await admin.SetGlobalDelayAsync(delay).ConfigureAwait(false);
        _latency = delay > TimeSpan.Zero;
    }

    /// <summary>Rejects every call to the API as a bad token would be rejected (Cloudflare 10000, Vercel <c>invalidToken</c>).</summary>
    public Task InvalidTokenAsync(SimulatedApi api)
        => AddAsync(api, null, 0, api == SimulatedApi.Cloudflare
            ? Json(403, CloudflareError(10000, "Authentication error"))
            : Json(403, new JsonObject { ["error"] = new JsonObject { ["code"] = "forbidden", ["message"] = "Not authorized", ["invalidToken"] = true } }));

    /// <summary>Refuses a Worker deployment without <c>?force=true</c> with 10220, as Cloudflare does when secrets changed since the target version.</summary>
    public async Task SecretsChangedAsync(string worker = SimulatedResources.Worker, string changedSecrets = "DATABASE_URL")
    {
        var mapping = new JsonObject
        {
            ["name"] = "fault: 10220 secrets changed",
            ["priority"] = 1,
            ["request"] = new JsonObject
            {
                ["method"] = "POST",
                ["urlPath"] = $"/client/v4/accounts/{SimulatedResources.CloudflareAccountId}/workers/scripts/{worker}/deployments",
                ["queryParameters"] = new JsonObject { ["force"] = new JsonObject { ["absent"] = true } },
            },
            ["response"] = Json(400, CloudflareError(10220,
                $"The following secrets have changed: {changedSecrets}. Please use the --force flag (or add ?force=true) to deploy anyway.")),
        };
        _added.Add(await admin.AddMappingAsync(mapping).ConfigureAwait(false));
    }

    /// <summary>Makes the next Vercel rollback's alias job run for the propagation delay and then fail.</summary>
    public async Task AliasJobFailsAsync()
    {
        var mapping = new JsonObject
        {
            ["name"] = "fault: the rollback alias job fails",
            ["priority"] = 1,
            ["scenarioName"] = SimulatedResources.VercelScenario,
            ["requiredScenarioState"] = "Started",
            ["newScenarioState"] = "RollbackFailing",
            ["request"] = new JsonObject
            {
                ["method"] = "POST",
                ["urlPathPattern"] = $"/v(1|9)/projects/({SimulatedResources.VercelProjectId}|{SimulatedResources.VercelProject})/rollback/[^/]+",
            },
            ["response"] = new JsonObject { ["status"] = 201 },
            ["serveEventListeners"] = new JsonArray(new JsonObject
            {
                ["name"] = "webhook",
                ["parameters"] = new JsonObject
                {
                    ["method"] = "PUT",
                    ["url"] = "{{originalRequest.baseUrl}}/__admin/scenarios/" + SimulatedResources.VercelScenario + "/state",
                    ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
                    ["body"] = "{\"state\":\"RollbackFailed\"}",
                    ["delay"] = new JsonObject { ["type"] = "fixed", ["milliseconds"] = 300 },
                },
            }),
        };
        _added.Add(await admin.AddMappingAsync(mapping).ConfigureAwait(false));
    }

    /// <summary>Removes every fault added so far.</summary>
    public async Task ClearAsync()
    {
        foreach (var id in _added) await admin.RemoveMappingAsync(id).ConfigureAwait(false);
        _added.Clear();
        if (_latency) await LatencyAsync(TimeSpan.Zero).ConfigureAwait(false);
    }

    private async Task AddAsync(SimulatedApi api, string? pathPattern, int times, JsonObject response)
    {
        var pattern = pathPattern ?? (api == SimulatedApi.Cloudflare ? "/client/v4/.*" : "/v[0-9]+/.*");
        var scenario = "fault-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < Math.Max(times, 1); i++)
        {
            var mapping = new JsonObject
            {
                ["name"] = $"fault on {pattern}",
                ["priority"] = 1,
                ["request"] = new JsonObject { ["method"] = "ANY", ["urlPathPattern"] = pattern },
                ["response"] = response.DeepClone(),
            };
            if (times > 0)
            {
                mapping["scenarioName"] = scenario;
                mapping["requiredScenarioState"] = i == 0 ? "Started" : $"hit{i}";
                mapping["newScenarioState"] = $"hit{i + 1}";
            }
            _added.Add(await admin.AddMappingAsync(mapping).ConfigureAwait(false));
        }
    }

    private static JsonObject CloudflareError(int code, string message) => new()
    {
        ["success"] = false,
        ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }),
        ["messages"] = new JsonArray(),
        ["result"] = null,
    };

    private static JsonObject Json(int status, JsonObject body, JsonObject? headers = null)
    {
        var h = headers ?? new JsonObject();
        h["Content-Type"] = "application/json";
        return new JsonObject { ["status"] = status, ["headers"] = h, ["jsonBody"] = body };
    }
}
