using System.Text.Json;
using System.Text.Json.Serialization;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Vercel;

/// <summary>JSON settings and error reading for the Vercel API (bodies are not enveloped; errors are <c>{"error":{code,message}}</c>).</summary>
internal static class VercelJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ProviderError? ReadError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object) return null;
            var code = error.TryGetProperty("code", out var c) ? c.ToString() : null;
            var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            return new ProviderError(code, message);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static T Read<T>(ProviderResponse response, string operation)
        => JsonSerializer.Deserialize<T>(response.Body, Options)
           ?? throw new ProviderException($"Vercel answered with an empty body while {operation}.", "Vercel", response.Status, null);
}
