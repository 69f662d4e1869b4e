using System.Globalization;
using System.Text.Json.Nodes;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>Cloudflare's v4 envelope: <c>success</c>, <c>errors</c>, <c>messages</c>, <c>result</c>, and <c>result_info</c> on lists.</summary>
public static class CloudflareEnvelope
{
    /// <summary>A success with <paramref name="result"/>.</summary>
    public static ApiAnswer Ok(JsonNode? result, JsonObject? resultInfo = null, int status = 200, JsonArray? messages = null)
    {
        var body = new JsonObject { ["success"] = true, ["errors"] = new JsonArray(), ["messages"] = messages ?? new JsonArray(), ["result"] = result };
        if (resultInfo is not null) body["result_info"] = resultInfo;
        return ApiAnswer.Json(status, body);
    }

    /// <summary>A list, one page of it (<c>page</c> from 1, <c>per_page</c>); a page past the end is empty (the SDK pages until it sees one).</summary>
    public static ApiAnswer Page(IReadOnlyList<JsonNode> items, ApiRequest request, int defaultPerPage = 20)
    {
        var page = Math.Max(1, int.TryParse(request.QueryValue("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 1);
        var perPage = Math.Clamp(int.TryParse(request.QueryValue("per_page"), NumberStyles.None, CultureInfo.InvariantCulture, out var pp) ? pp : defaultPerPage, 1, 5_000_000);
        var slice = items.Skip((page - 1) * perPage).Take(perPage).Select(i => i.DeepClone()).ToArray();
        return Ok(new JsonArray(slice), new JsonObject
        {
            ["page"] = page, ["per_page"] = perPage, ["count"] = slice.Length, ["total_count"] = items.Count,
            ["total_pages"] = Math.Max(1, (items.Count + perPage - 1) / perPage),
        });
    }

    /// <summary>A failure: <paramref name="status"/> with one error of <paramref name="code"/>.</summary>
    public static ApiAnswer Error(int status, int code, string message, IReadOnlyDictionary<string, string>? headers = null)
        => ApiAnswer.Json(status, new JsonObject
        {
            ["success"] = false,
            ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }),
            ["messages"] = new JsonArray(),
            ["result"] = null,
        }, headers);

    /// <summary>Cloudflare's timestamp format, <c>2026-03-02T10:15:00.000000Z</c>.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
