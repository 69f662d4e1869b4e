using System.Text.Json;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Neon;

/// <summary>Error reading for the Neon API: snake_case bodies, errors as <c>GeneralError {code, message, request_id}</c>.</summary>
internal static class NeonJson
{
    public static ProviderError? ReadError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("message", out var m)) return null;
            var code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String && c.GetString() is { Length: > 0 } s ? s : null;
            // The request id is what Neon's support asks for; it names nothing secret.
            var request = root.TryGetProperty("request_id", out var r) && r.GetString() is { Length: > 0 } id ? $" (request {id})" : "";
            return new ProviderError(code, (m.GetString() ?? "") + request);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static T Read<T>(ProviderResponse response, string operation) => SnakeCaseJson.Read<T>(response, "Neon", operation);
}
