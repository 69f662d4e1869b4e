using System.Text.Json.Nodes;

namespace Runbooks.Providers.Cloudflare;

/// <summary>
/// A Worker's bindings as CF-3 (<c>resources.bindings</c>) and CF-12 (<c>settings.bindings</c>) show them: kept as JSON
/// objects, since each type has its own fields and a settings patch must send back the ones it does not change as they came.
/// </summary>
public sealed record WorkerBindings
{
    /// <summary>The bindings: <c>{type, name, ...}</c>; a secret's value is never shown.</summary>
    public IReadOnlyList<JsonObject> Bindings { get; init; } = [];

    /// <summary>Whether <paramref name="binding"/> is a var (<c>plain_text</c> or <c>json</c>): configuration, not a secret.</summary>
    public static bool IsVar(JsonObject binding) => (string?)binding["type"] is "plain_text" or "json";

    /// <summary>The vars, by name, as text.</summary>
    public IReadOnlyDictionary<string, string> Vars => Bindings.Where(IsVar).Where(b => b["name"] is not null)
        .ToDictionary(b => (string)b["name"]!, b => (string?)b["text"] ?? b["json"]?.ToJsonString() ?? "", StringComparer.Ordinal);
}
