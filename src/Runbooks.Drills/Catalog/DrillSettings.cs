using System.Globalization;
using System.Text.Json;
using Runbooks.Core.Errors;
using Runbooks.Core.Timing;
using Runbooks.Drills.Environments.Postgres;

namespace Runbooks.Drills.Catalog;

/// <summary>
/// <c>.config/drills.json</c>: the default time scale of drills against the simulator, where their history goes, and which
/// PostgreSQL they run against.
/// </summary>
public sealed record DrillSettings(TimeScale TimeScale)
{
    /// <summary>
    /// The history folder (<c>historyDir</c>), relative to the working directory; null for the default
    /// (<c>.runbooks/history</c>). <c>--history-dir</c> overrides it.
    /// </summary>
    public string? HistoryDirectory { get; init; }

    /// <summary>
    /// The <c>postgres</c> section: <c>backend</c> (embedded, testcontainers or auto; <c>--postgres</c> overrides it) and
    /// <c>image</c> (the production major version's image). Embedded and <see cref="PostgresSettings.DefaultImage"/> when absent.
    /// </summary>
    public PostgresSettings Postgres { get; init; } = PostgresSettings.Default;

    /// <summary>The default when no file says otherwise: 2 minutes of real-world time become 2.4 s.</summary>
    public static readonly DrillSettings Default = new(new TimeScale(0.02));

    /// <summary>Reads <c>.config/drills.json</c> under <paramref name="workingDirectory"/>; the defaults when it does not exist.</summary>
    public static DrillSettings Load(string workingDirectory)
    {
        var path = Path.Combine(workingDirectory, ".config", "drills.json");
        if (!File.Exists(path)) return Default;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var settings = Default;
            if (doc.RootElement.TryGetProperty("timeScale", out var scale))
            {
                var value = scale.GetDouble();
                if (value is <= 0 or > 1)
                    throw new BadInputException($"{path}: timeScale must be above 0 and at most 1, not {value.ToString(CultureInfo.InvariantCulture)}.");
                settings = new DrillSettings(new TimeScale(value));
            }
            if (doc.RootElement.TryGetProperty("historyDir", out var history))
            {
                var folder = history.GetString();
                if (string.IsNullOrWhiteSpace(folder)) throw new BadInputException($"{path}: historyDir must name a folder.");
                settings = settings with { HistoryDirectory = folder };
            }
            if (doc.RootElement.TryGetProperty("postgres", out var postgres)) settings = settings with { Postgres = ReadPostgres(postgres, path) };
            return settings;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new BadInputException($"{path}: not a drill settings file ({e.Message}).", e);
        }
    }

    private static PostgresSettings ReadPostgres(JsonElement section, string path)
    {
        if (section.ValueKind != JsonValueKind.Object)
            throw new BadInputException($"{path}: postgres must be an object such as {{ \"backend\": \"embedded\", \"image\": \"{PostgresSettings.DefaultImage}\" }}.");
        var backend = PostgresSettings.Default.Backend;
        var image = PostgresSettings.Default.Image;
        foreach (var p in section.EnumerateObject())
        {
            switch (p.Name)
            {
                case "backend":
                    backend = PostgresSettings.ParseBackend(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText(), $"{path}: postgres.backend");
                    break;
                case "image":
                    image = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                    break;
                default:
                    throw new BadInputException($"{path}: postgres.{p.Name} is not a setting (known: backend, image).");
            }
        }
        return PostgresSettings.Create(backend, image, $"{path}: postgres.image");
    }
}
