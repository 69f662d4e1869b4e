using System.Text.Json;
using Runbooks.Core.Errors;

namespace Runbooks.Core.Journal;

/// <summary>Reads a journal back for <c>exec --resume</c>: which runbook, which params, which steps completed.</summary>
public static class JournalReader
{
    /// <summary>Reads <paramref name="path"/>. A missing file or a first line that is not <c>run.start</c> is bad input.</summary>
    public static ResumeState Read(string path)
    {
        if (!File.Exists(path))
            throw new BadInputException($"Journal {path} does not exist.");
        string? runbook = null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var completed = new List<CompletedStep>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement e;
            try { e = JsonDocument.Parse(line).RootElement; }
            catch (JsonException)
            {
                // A run killed mid-write can leave a torn last line; everything before it still counts.
                break;
            }
            var name = e.TryGetProperty("event", out var ev) ? ev.GetString() : null;
            if (lineNumber == 1 && name != JournalEvents.RunStart)
                throw new BadInputException($"Journal {path}(1): first event is '{name}', not '{JournalEvents.RunStart}'; is this a runbooks journal?");
            switch (name)
            {
                case JournalEvents.RunStart:
                    runbook = e.GetProperty("runbook").GetString();
                    if (e.TryGetProperty("params", out var ps))
                        foreach (var p in ps.EnumerateObject()) parameters[p.Name] = p.Value.GetString() ?? "";
                    break;
                case JournalEvents.StepEnd when e.TryGetProperty("outcome", out var o) && o.GetString() == "ok":
                    completed.Add(new CompletedStep(
                        e.GetProperty("step").GetString()!,
                        e.TryGetProperty("occurrence", out var occ) ? occ.GetInt32() : 1,
                        e.TryGetProperty("result", out var r) ? r.GetRawText() : null));
                    break;
            }
        }
        if (runbook is null)
            throw new BadInputException($"Journal {path} has no {JournalEvents.RunStart} event; it cannot be resumed.");
        return new ResumeState(Path.GetFullPath(path), runbook, parameters, completed);
    }
}

/// <summary>A step the journal shows completed: its name, which occurrence of that name, and its result as JSON if one was journaled.</summary>
public sealed record CompletedStep(string Name, int Occurrence, string? ResultJson);

/// <summary>What a journal says about the run it records.</summary>
/// <param name="JournalPath">The journal file.</param>
/// <param name="RunbookPath">The runbook it ran.</param>
/// <param name="Params">The non-secret params it ran with.</param>
/// <param name="Completed">The steps that ended ok, in order.</param>
public sealed record ResumeState(string JournalPath, string RunbookPath, IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<CompletedStep> Completed)
{
    /// <summary>The completed record of the <paramref name="occurrence"/>-th step named <paramref name="name"/>, if any.</summary>
    public CompletedStep? Find(string name, int occurrence)
        => Completed.FirstOrDefault(c => c.Name == name && c.Occurrence == occurrence);
}
