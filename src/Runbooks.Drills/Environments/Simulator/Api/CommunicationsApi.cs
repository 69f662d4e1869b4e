using System.Globalization;
using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>
/// The simulated Slack incoming webhook (SLACK-1) and Statuspage API (SP-1..SP-4): Slack answers <c>ok</c> as
/// <c>text/html</c>, a webhook it does not know is 404 <c>no_service</c>, an empty message 400 <c>no_text</c>;
/// Statuspage takes <c>Authorization: OAuth KEY</c>, answers bare incident objects (201 on create), and appends an
/// incident update for every status or body change.
/// </summary>
public sealed class CommunicationsApi(SimulatedEstate model)
{
    /// <summary>Where the Slack webhooks live.</summary>
    public const string SlackRoot = "/slack";

    /// <summary>Where the Statuspage API lives (its base URL).</summary>
    public const string StatuspageRoot = "/statuspage/v1";

    private static readonly IReadOnlyDictionary<string, string> Html = new Dictionary<string, string>();

    /// <summary>Answers one call to either.</summary>
    public ApiAnswer Handle(ApiRequest request)
    {
        lock (model.Gate)
            return request.Path.StartsWith(SlackRoot + "/", StringComparison.Ordinal) ? Slack(request) : Statuspage(request);
    }

    private ApiAnswer Slack(ApiRequest request)
    {
        var comms = model.Communications;
        if (request.Method != "POST") return ApiAnswer.Text(405, "invalid_method", "text/html", Html);
        if (request.Path != comms.WebhookPath) return ApiAnswer.Text(404, "no_service", "text/html", Html);
        var text = (string?)request.Json()?["text"];
        if (string.IsNullOrWhiteSpace(text)) return ApiAnswer.Text(400, "no_text", "text/html", Html);
        comms.Record(new CommunicationPost(model.Now, "Slack", null, text));
        return ApiAnswer.Text(200, "ok", "text/html", Html);
    }

    private ApiAnswer Statuspage(ApiRequest request)
    {
        var comms = model.Communications;
        if (request.Header("Authorization") != "OAuth " + SimulatorHost.PlaceholderToken)
            return ApiAnswer.Json(401, new JsonObject { ["error"] = "Could not authenticate" });
        var parts = request.Path[StatuspageRoot.Length..].Trim('/').Replace(".json", "", StringComparison.Ordinal).Split('/');
        if (parts is not ["pages", var page, "incidents", ..] || page != comms.PageId)
            return ApiAnswer.Json(404, new JsonObject { ["error"] = "Not found" });
        var now = model.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        switch (request.Method, parts.Length)
        {
            case ("GET", 3):
                return ApiAnswer.Json(200, new JsonArray([.. comms.Incidents.Values.Reverse().Select(i => i.DeepClone())]));
            case ("POST", 3):
            {
                var given = request.Json()?["incident"] as JsonObject;
                if ((string?)given?["name"] is not { Length: > 0 } name) return ApiAnswer.Json(422, new JsonObject { ["error"] = "name can't be blank" });
                var status = (string?)given["status"] ?? "investigating";
                if (!IsStatus(status)) return ApiAnswer.Json(422, new JsonObject { ["error"] = $"status '{status}' is not valid" });
                var id = Guid.NewGuid().ToString("N")[..12];
                var incident = new JsonObject
                {
                    ["id"] = id, ["page_id"] = comms.PageId, ["name"] = name, ["status"] = status, ["impact"] = (string?)given["impact_override"] ?? "minor",
                    ["impact_override"] = given["impact_override"]?.DeepClone(), ["shortlink"] = $"https://stspg.io/{id[..5]}", ["created_at"] = now,
                    ["updated_at"] = now, ["monitoring_at"] = null, ["resolved_at"] = null, ["incident_updates"] = new JsonArray(), ["components"] = new JsonArray(),
                    ["postmortem_body"] = null, ["metadata"] = new JsonObject(),
                };
                Update(incident, status, (string?)given["body"] ?? name, now);
                comms.Incidents[id] = incident;
                return ApiAnswer.Json(201, incident.DeepClone());
            }
            case ("GET" or "PATCH" or "PUT", 4):
            {
                if (!comms.Incidents.TryGetValue(parts[3], out var incident)) return ApiAnswer.Json(404, new JsonObject { ["error"] = "Incident not found" });
                if (request.Method == "GET") return ApiAnswer.Json(200, incident.DeepClone());
                var given = request.Json()?["incident"] as JsonObject ?? new JsonObject();
                var status = (string?)given["status"] ?? (string)incident["status"]!;
                if (!IsStatus(status)) return ApiAnswer.Json(422, new JsonObject { ["error"] = $"status '{status}' is not valid" });
                if (given["name"] is { } rename) incident["name"] = rename.DeepClone();
                Update(incident, status, (string?)given["body"] ?? "", now);
                return ApiAnswer.Json(200, incident.DeepClone());
            }
            default:
                return ApiAnswer.Json(405, new JsonObject { ["error"] = "Method not allowed" });
        }
    }

    private void Update(JsonObject incident, string status, string body, string now)
    {
        incident["status"] = status;
        incident["updated_at"] = now;
        if (status == "monitoring") incident["monitoring_at"] ??= now;
        if (status == "resolved") incident["resolved_at"] = now;
        ((JsonArray)incident["incident_updates"]!).Insert(0, new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N")[..12], ["incident_id"] = incident["id"]!.DeepClone(), ["status"] = status, ["body"] = body,
            ["created_at"] = now, ["display_at"] = now, ["affected_components"] = new JsonArray(), ["deliver_notifications"] = true,
        });
        model.Communications.Record(new CommunicationPost(model.Now, "status page", status, body));
    }

    private static bool IsStatus(string status) => status is "investigating" or "identified" or "monitoring" or "resolved";
}
