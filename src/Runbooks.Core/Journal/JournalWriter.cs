using System.Globalization;
using System.Text;
using System.Text.Json;
using Runbooks.Core.Secrets;

namespace Runbooks.Core.Journal;

/// <summary>
/// Appends the events of a run to a JSON Lines file, one event a line, flushed to disk as each is written, so a
/// run that dies loses nothing it had done. Every string value is redacted before it is written.
/// </summary>
public sealed class JournalWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Opens (creating folders as needed) <paramref name="path"/> for appending.</summary>
    public JournalWriter(string path, SecretRedactor redactor, TimeProvider? time = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.None);
        _redactor = redactor;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The journal file's full path.</summary>
    public string Path { get; }

    /// <summary>Writes one event. <paramref name="fields"/> are written in order after <c>ts</c> and <c>event</c>; null values are left out.</summary>
    public void Write(string eventName, params (string Key, object? Value)[] fields)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ts", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("event", eventName);
            foreach (var (key, value) in fields)
            {
                if (value is null) continue;
                json.WritePropertyName(key);
                WriteValue(json, value);
            }
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        lock (_gate)
        {
            if (_disposed) return;
            _stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            // Flush(true) reaches the disk, not just the OS: a power cut or kill -9 keeps the event.
            _stream.Flush(flushToDisk: true);
        }
    }

    private void WriteValue(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case string s: json.WriteStringValue(_redactor.Redact(s)); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case double d: json.WriteNumberValue(Math.Round(d, 3)); break;
            case RawJson raw: json.WriteRawValue(_redactor.Redact(raw.Json)); break;
            case IReadOnlyDictionary<string, string> map:
                json.WriteStartObject();
                foreach (var (k, v) in map) json.WriteString(k, _redactor.Redact(v));
                json.WriteEndObject();
                break;
            case IEnumerable<string> list:
                json.WriteStartArray();
                foreach (var item in list) json.WriteStringValue(_redactor.Redact(item));
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(_redactor.Redact(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")); break;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _stream.Dispose();
        }
    }

    /// <summary>A value already serialized as JSON (a step's result), written as it is after redaction.</summary>
    public sealed record RawJson(string Json);

    /// <summary>The default journal path for a runbook started now: <c>.runbooks/journal/&lt;name&gt;-&lt;utc time&gt;.jsonl</c> under <paramref name="root"/>.</summary>
    public static string DefaultPath(string root, string runbookPath, DateTimeOffset now)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(runbookPath);
        var stamp = now.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        return System.IO.Path.Combine(root, ".runbooks", "journal", $"{name}-{stamp}.jsonl");
    }
}
