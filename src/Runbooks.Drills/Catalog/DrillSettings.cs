using System.Globalization;
using System.Text.Json;
using Runbooks.Core.Errors;
using Runbooks.Core.Timing;

namespace Runbooks.Drills.Catalog;

/// <summary><c>.config/drills.json</c>: the default time scale of drills against the simulator, and where their history goes.</summary>
public sealed record DrillSettings(TimeScale TimeScale)
{
    /// <summary>
    /// The history folder (<c>historyDir</c>), relative to the working directory; null for the default
    /// (<c>.runbooks/history</c>). <c>--history-dir</c> overrides it.
    /// </summary>
    public string? HistoryDirectory { get; init; }

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
            return settings;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new BadInputException($"{path}: not a drill settings file ({e.Message}).", e);
        }
    }
}
