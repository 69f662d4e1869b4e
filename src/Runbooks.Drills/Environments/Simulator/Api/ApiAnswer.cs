using System.Text;
using System.Text.Json.Nodes;

namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>What a simulated API answers: status, headers and body (empty for Vercel's 201s).</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body bytes.</param>
/// <param name="ContentType">Its type, or null without a body.</param>
/// <param name="Headers">Other headers (Retry-After, Ratelimit, ...).</param>
public sealed record ApiAnswer(int Status, byte[] Body, string? ContentType, IReadOnlyDictionary<string, string> Headers)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    /// <summary>A JSON answer.</summary>
    public static ApiAnswer Json(int status, JsonNode? body, IReadOnlyDictionary<string, string>? headers = null)
        => new(status, Encoding.UTF8.GetBytes(body?.ToJsonString() ?? "null"), "application/json", headers ?? None);

    /// <summary>An answer with no body.</summary>
    public static ApiAnswer Empty(int status) => new(status, [], null, None);

    /// <summary>A text or HTML answer.</summary>
    public static ApiAnswer Text(int status, string body, string contentType, IReadOnlyDictionary<string, string>? headers = null)
        => new(status, Encoding.UTF8.GetBytes(body), contentType, headers ?? None);
}
