using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Runbooks.Core.Incidents;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Notify;

/// <summary>
/// An Atlassian Statuspage page (SP-1, SP-2): the first update creates the incident, each later one updates it (its
/// status and a new incident update), so customers see one incident move from investigating to resolved. The key is the
/// secret <c>STATUSPAGE_API_KEY</c>, sent as <c>Authorization: OAuth</c>.
/// </summary>
public sealed class StatuspageChannel : IIncidentChannel, IDisposable
{
    /// <summary>The secret holding the API key.</summary>
    public const string KeyVariable = "STATUSPAGE_API_KEY";

    private readonly ProviderHttpClient _http;
    private readonly string _page;
    private string? _incidentId;

    /// <summary>Posts to page <paramref name="pageId"/> of the API at <paramref name="baseUrl"/>.</summary>
    public StatuspageChannel(Uri baseUrl, string pageId, ProviderContext context, HttpMessageHandler? handler = null)
    {
        _page = pageId;
        _http = new ProviderHttpClient(new ProviderIdentity("Statuspage", KeyVariable) { Scheme = "OAuth" }, baseUrl, () => context.Secrets.Get(KeyVariable),
            ProviderHttpOptions.Default, context, ReadError, handler);
    }

    /// <inheritdoc />
    public string Name => "status page";

    /// <summary>The incident the page shows, once created.</summary>
    public string? IncidentId => _incidentId;

    /// <inheritdoc />
    public async Task<string> PostAsync(IncidentUpdate update, CancellationToken cancellation)
    {
        var status = update.Status.ToApiName();
        if (_incidentId is null)
        {
            var incident = new JsonObject
            {
                ["name"] = update.Summary ?? update.Message, ["status"] = status, ["impact_override"] = Impact(update.Severity), ["body"] = update.Message,
                ["deliver_notifications"] = true,
            };
            var created = await SendAsync(HttpMethod.Post, $"/pages/{Uri.EscapeDataString(_page)}/incidents", incident, "creating the status page incident", cancellation).ConfigureAwait(false);
            _incidentId = (string?)created["id"] ?? throw new ProviderException("Statuspage created an incident but returned no id.", "Statuspage", null, null);
            return $"{status}, incident {_incidentId} created ({(string?)created["shortlink"] ?? "no link"})";
        }
        await SendAsync(HttpMethod.Patch, $"/pages/{Uri.EscapeDataString(_page)}/incidents/{Uri.EscapeDataString(_incidentId)}",
            new JsonObject { ["status"] = status, ["body"] = update.Message }, $"updating status page incident {_incidentId}", cancellation).ConfigureAwait(false);
        return $"{status}, incident {_incidentId} updated";
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject incident, string operation, CancellationToken cancellation)
    {
        var body = new JsonObject { ["incident"] = incident };
        // A PATCH sets the status and adds an update; sent twice it adds the same update twice, which a reader tolerates
        // better than a page that never said the incident was resolved.
        var response = await _http.SendAsync(new ProviderRequest(method, path, () => JsonContent.Create(body)) { SafeToRepeat = method == HttpMethod.Patch },
            operation, cancellation).ConfigureAwait(false);
        return JsonNode.Parse(response.Body) as JsonObject ?? new JsonObject();
    }

    // Seed 004: P0 is a critical outage for customers, P1 a major one.
    private static string Impact(string? severity) => severity switch
    {
        "P0" => "critical",
        "P1" => "major",
        _ => "minor",
    };

    private static ProviderError? ReadError(string body)
    {
        try
        {
            var json = JsonNode.Parse(body);
            var message = (string?)json?["message"] ?? (string?)json?["error"];
            return message is null ? null : new ProviderError(null, message);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
