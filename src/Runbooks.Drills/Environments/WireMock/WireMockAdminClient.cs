using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runbooks.Drills.Environments.WireMock;

/// <summary>
/// WireMock's admin REST API, limited to what WireMock.Net also offers: add and remove mappings, set and reset scenario
/// state, read and clear the request journal.
/// </summary>
public sealed class WireMockAdminClient(HttpClient http)
{
    /// <summary>Polls the admin API until it answers.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellation)
    {
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/__admin/mappings?limit=1", cancellation).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Jetty is still binding; try again shortly.
            }
            await Task.Delay(50, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Adds one stub mapping (WireMock JSON) and returns its id.</summary>
    public async Task<Guid> AddMappingAsync(JsonObject mapping, CancellationToken cancellation = default)
    {
        using var response = await http.PostAsync("/__admin/mappings",
            new StringContent(mapping.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), cancellation).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"WireMock rejected a mapping ({(int)response.StatusCode}): {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
    }

    /// <summary>Removes one mapping.</summary>
    public async Task RemoveMappingAsync(Guid id, CancellationToken cancellation = default)
    {
        using var response = await http.DeleteAsync($"/__admin/mappings/{id}", cancellation).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Removes every mapping.</summary>
    public async Task RemoveAllMappingsAsync(CancellationToken cancellation = default)
    {
        using var response = await http.DeleteAsync("/__admin/mappings", cancellation).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>How many mappings are loaded.</summary>
    public async Task<int> CountMappingsAsync(CancellationToken cancellation = default)
    {
        var node = await http.GetFromJsonAsync<JsonObject>("/__admin/mappings?limit=1", cancellation).ConfigureAwait(false);
        return node!["meta"]!["total"]!.GetValue<int>();
    }

    /// <summary>Moves a scenario to <paramref name="state"/>.</summary>
    public async Task SetScenarioStateAsync(string scenario, string state, CancellationToken cancellation = default)
    {
        using var response = await http.PutAsJsonAsync($"/__admin/scenarios/{Uri.EscapeDataString(scenario)}/state",
            new { state }, cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"WireMock refused to move scenario '{scenario}' to '{state}' ({(int)response.StatusCode}): "
                + await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false));
    }

    /// <summary>The current state of every scenario, by name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetScenarioStatesAsync(CancellationToken cancellation = default)
    {
        var node = await http.GetFromJsonAsync<JsonObject>("/__admin/scenarios", cancellation).ConfigureAwait(false);
        return node!["scenarios"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["state"]!.GetValue<string>());
    }

    /// <summary>Moves every scenario back to <c>Started</c>.</summary>
    public async Task ResetScenariosAsync(CancellationToken cancellation = default)
    {
        using var response = await http.PostAsync("/__admin/scenarios/reset", null, cancellation).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Delays every answer by <paramref name="delay"/> (zero: no delay).</summary>
    public async Task SetGlobalDelayAsync(TimeSpan delay, CancellationToken cancellation = default)
    {
        using var response = await http.PostAsJsonAsync("/__admin/settings", new { fixedDelay = (int)delay.TotalMilliseconds }, cancellation)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Empties the request journal.</summary>
    public async Task ClearRequestsAsync(CancellationToken cancellation = default)
    {
        using var response = await http.DeleteAsync("/__admin/requests", cancellation).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The request journal, oldest first.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> GetRequestsAsync(CancellationToken cancellation = default)
    {
        var node = await http.GetFromJsonAsync<JsonObject>("/__admin/requests", cancellation).ConfigureAwait(false);
        return node!["requests"]!.AsArray()
            .Select(r => RecordedRequest.From(r!["request"]!.AsObject(), r["responseDefinition"]?["status"]?.GetValue<int>()))
            .Reverse().ToList(); // WireMock lists newest first
    }
}

/// <summary>One request from WireMock's journal.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Url">Path and query as sent.</param>
/// <param name="Body">The body text.</param>
/// <param name="Headers">Headers by name (first value).</param>
/// <param name="LoggedAt">When WireMock received it.</param>
/// <param name="Status">The status WireMock answered with, if known.</param>
public sealed record RecordedRequest(string Method, string Url, string Body, IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset LoggedAt, int? Status)
{
    /// <summary>The path without the query.</summary>
    public string Path => Url.Split('?')[0];

    /// <summary>The query without the <c>?</c>, or "".</summary>
    public string Query => Url.Contains('?') ? Url[(Url.IndexOf('?') + 1)..] : "";

    /// <summary>The body parsed as JSON.</summary>
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    internal static RecordedRequest From(JsonObject request, int? status)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (request["headers"] is JsonObject h)
            foreach (var (name, value) in h)
                headers[name] = value switch
                {
                    JsonArray a => a.FirstOrDefault()?.ToString() ?? "",
                    JsonObject o when o["values"] is JsonArray values => values.FirstOrDefault()?.ToString() ?? "",
                    _ => value?.ToString() ?? "",
                };
        var logged = request["loggedDate"]?.GetValue<long>() is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue;
        return new RecordedRequest(request["method"]!.GetValue<string>(), request["url"]!.GetValue<string>(),
            request["body"]?.GetValue<string>() ?? "", headers, logged, status);
    }
}
