using System.Text.Json;
using System.Text.Json.Serialization;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Cloudflare;

/// <summary>The v4 envelope every Cloudflare JSON answer comes in: <c>success</c>, <c>errors</c>, <c>messages</c>, <c>result</c>.</summary>
/// <typeparam name="T">The type of <c>result</c>.</typeparam>
public sealed record CloudflareEnvelope<T>
{
    /// <summary>Whether the call succeeded.</summary>
    public bool Success { get; init; }

    /// <summary>What went wrong, when <see cref="Success"/> is false.</summary>
    public IReadOnlyList<CloudflareMessage> Errors { get; init; } = [];

    /// <summary>Informational messages.</summary>
    public IReadOnlyList<CloudflareMessage> Messages { get; init; } = [];

    /// <summary>The payload.</summary>
    public T? Result { get; init; }

    /// <summary>Paging information on collections.</summary>
    public CloudflareResultInfo? ResultInfo { get; init; }
}

/// <summary>One item of <c>errors</c> or <c>messages</c>.</summary>
public sealed record CloudflareMessage
{
    /// <summary>The numeric code (&gt;= 1000), e.g. 10000 "Authentication error".</summary>
    public int Code { get; init; }

    /// <summary>The text.</summary>
    public string Message { get; init; } = "";
}

/// <summary><c>result_info</c> of a collection.</summary>
public sealed record CloudflareResultInfo
{
    /// <summary>The page number.</summary>
    public int? Page { get; init; }

    /// <summary>Items per page.</summary>
    public int? PerPage { get; init; }

    /// <summary>Items on this page.</summary>
    public int? Count { get; init; }

    /// <summary>Items in all.</summary>
    public int? TotalCount { get; init; }

    /// <summary>Pages in all.</summary>
    public int? TotalPages { get; init; }
}

/// <summary>JSON settings and error reading for the Cloudflare API.</summary>
internal static class CloudflareJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads an error envelope: "10000 Authentication error" (several errors joined by "; ").</summary>
    public static ProviderError? ReadError(string body)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<CloudflareEnvelope<JsonElement>>(body, Options);
            if (envelope is null || envelope.Errors.Count == 0) return null;
            var first = envelope.Errors[0];
            var text = string.Join("; ", envelope.Errors.Select((e, i) => i == 0 ? e.Message : $"{e.Code} {e.Message}"));
            return new ProviderError(first.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static T Result<T>(ProviderResponse response, string operation)
    {
        var envelope = JsonSerializer.Deserialize<CloudflareEnvelope<T>>(response.Body, Options);
        return envelope is { Result: { } result } ? result
            : throw new ProviderException($"Cloudflare answered without a result while {operation}.", "Cloudflare", response.Status, null);
    }
}
