using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runbooks.Providers.Http;

/// <summary>JSON for the APIs whose bodies are bare snake_case objects (Neon, Supabase).</summary>
internal static class SnakeCaseJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The body as <typeparamref name="T"/>; an empty one is a <see cref="ProviderException"/> naming <paramref name="provider"/> and the operation.</summary>
    public static T Read<T>(ProviderResponse response, string provider, string operation)
        => JsonSerializer.Deserialize<T>(response.Body, Options)
           ?? throw new ProviderException($"{provider} answered with an empty body while {operation}.", provider, response.Status, null);
}
