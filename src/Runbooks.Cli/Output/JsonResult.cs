using System.Text.Json;
using Runbooks.Core.Steps;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Cli.Output;

/// <summary>The one machine-readable object <c>exec --json</c> prints instead of the step lines.</summary>
internal static class JsonResult
{
    public static string Render(ExecOutcome o)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("runbook", o.RunbookPath is null ? null : Words.Path(o.RunbookPath));
            w.WriteString("outcome", o.ExitCode switch { 0 => "ok", 130 => "cancelled", _ => "failed" });
            w.WriteNumber("exitCode", o.ExitCode);
            w.WriteString("error", o.Error);
            w.WriteString("journal", o.JournalPath);
            w.WriteString("resumedFrom", o.ResumedFrom);
            w.WriteBoolean("fromCache", o.FromCache);
            w.WriteNumber("ms", (long)o.Elapsed.TotalMilliseconds);
            w.WriteStartArray("steps");
            foreach (var s in o.Steps)
            {
                w.WriteStartObject();
                w.WriteNumber("index", s.Index);
                w.WriteString("name", s.Name);
                w.WriteString("outcome", s.Outcome.ToJournalName());
                w.WriteNumber("ms", (long)s.Elapsed.TotalMilliseconds);
                w.WriteBoolean("destructive", s.Destructive);
                if (s.Error is not null) w.WriteString("error", s.Error);
                if (s.Reason is not null) w.WriteString("reason", s.Reason);
                w.WriteNumber("attempts", s.Attempts);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
