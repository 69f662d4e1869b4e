using System.Text.Json;

namespace Runbooks.Tests.Support;

/// <summary>A journal file read back for assertions.</summary>
public sealed class Journal(string path, string text, IReadOnlyList<JsonElement> events)
{
    public string Path { get; } = path;
    public string Text { get; } = text;
    public IReadOnlyList<JsonElement> Events { get; } = events;

    public static Journal Load(string path)
    {
        var text = File.ReadAllText(path);
        var events = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return new Journal(path, text, events);
    }

    public IEnumerable<JsonElement> Named(string name) => Events.Where(e => e.GetProperty("event").GetString() == name);

    /// <summary>(step, outcome) of every step.end, in order.</summary>
    public IReadOnlyList<(string Step, string Outcome)> StepOutcomes()
        => Named("step.end").Select(e => (e.GetProperty("step").GetString()!, e.GetProperty("outcome").GetString()!)).ToList();
}
