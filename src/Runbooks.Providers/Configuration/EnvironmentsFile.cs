using System.Text.Json;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Configuration;

/// <summary>
/// Reads <c>.config/environments.json</c>: per environment (production, staging, drill), per provider, plain settings
/// such as base URLs and account ids. Never secrets: tokens come from the environment through <c>Secret</c>.
/// <code>{ "production": { "cloudflare": { "apiBaseUrl": "https://api.cloudflare.com/client/v4", "accountId": "..." } } }</code>
/// </summary>
public static class EnvironmentsFile
{
    /// <summary>The file name inside the <c>.config</c> folder.</summary>
    public const string FileName = "environments.json";

    /// <summary>
    /// The settings of <paramref name="provider"/> in <paramref name="environment"/>; empty when there is no file,
    /// no environment was chosen, or the provider has no section. An environment name the file lacks is bad input.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Section(string? configDirectory, string? environment, string provider)
    {
        var empty = new Dictionary<string, string>();
        if (environment is null) return empty;
        var path = configDirectory is null ? null : Path.Combine(configDirectory, FileName);
        if (path is null || !File.Exists(path))
            throw new BadInputException($"Environment '{environment}' was asked for, but there is no .config/{FileName} to define it.");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }); }
        catch (JsonException e) { throw new BadInputException($"{path} is not valid JSON: {e.Message}", e); }
        using (doc)
        {
            if (!doc.RootElement.TryGetProperty(environment, out var env))
                throw new BadInputException($"Environment '{environment}' is not defined in {path}; it defines: " +
                    string.Join(", ", doc.RootElement.EnumerateObject().Select(p => p.Name)) + ".");
            if (!env.TryGetProperty(provider, out var section) || section.ValueKind != JsonValueKind.Object) return empty;
            return section.EnumerateObject()
                .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                .ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        }
    }
}
