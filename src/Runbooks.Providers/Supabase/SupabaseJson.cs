using System.Text.Json;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Supabase;

/// <summary>Error reading for the Management API: snake_case bodies, errors as <c>{"message": ...}</c> (commonly seen, not specified).</summary>
internal static class SupabaseJson
{
    public static ProviderError? ReadError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m)
                ? new ProviderError(null, m.ToString()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static T Read<T>(ProviderResponse response, string operation) => SnakeCaseJson.Read<T>(response, "Supabase", operation);
}
