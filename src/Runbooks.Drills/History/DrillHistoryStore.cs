using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Runbooks.Core.Errors;

namespace Runbooks.Drills.History;

/// <summary>
/// The drill history: one JSON Lines file per drill (<c>DIR/NAME.jsonl</c>), one record per run, appended and flushed
/// as each drill ends, like the journal, so a crash or an interrupted batch loses nothing that was recorded.
/// </summary>
public sealed class DrillHistoryStore
{
    /// <summary>The default folder, relative to the working directory.</summary>
    public static readonly string DefaultDirectory = Path.Combine(".runbooks", "history");

    /// <summary>The extension of a history file.</summary>
    public const string Extension = ".jsonl";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Nulls are written: a reader sees "no RPO" or "no commit" said, not guessed from an absent field.
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // A line missing a field the record requires, or null where a value belongs, is malformed, not a default.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>A store in <paramref name="directory"/> (created on the first append).</summary>
    public DrillHistoryStore(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory)) throw new BadInputException("The history folder must name a folder.");
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The folder, absolute.</summary>
    public string Directory { get; }

    /// <summary>The history file of <paramref name="drill"/>.</summary>
    public string PathOf(string drill)
    {
        if (drill.Length == 0 || drill.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || drill is "." or "..")
            throw new BadInputException($"'{drill}' cannot name a history file: a drill's name must be usable as a file name.");
        return Path.Combine(Directory, drill + Extension);
    }

    /// <summary>The drills that have a history file here, by name.</summary>
    public IReadOnlyList<string> Drills()
        => System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*" + Extension).Select(Path.GetFileNameWithoutExtension).OfType<string>()
                .Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Appends <paramref name="record"/> as one line of its drill's file and flushes it to disk.</summary>
    public void Append(DrillHistoryRecord record)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Json) + "\n");
        System.IO.Directory.CreateDirectory(Directory);
        // One write of the whole line in append mode: a concurrent reader or writer sees whole lines.
        using var file = new FileStream(PathOf(record.Drill), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        file.Write(line);
        file.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Every record of <paramref name="drill"/>, oldest first; empty when it has none. A line that is not a record
    /// (a torn write, a hand edit) is bad input naming the file and the line: a history with a hole in it would show a
    /// trend that is not there.
    /// </summary>
    public IReadOnlyList<DrillHistoryRecord> Read(string drill)
    {
        var path = PathOf(drill);
        if (!File.Exists(path)) return [];
        var records = new List<DrillHistoryRecord>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            records.Add(Parse(line, $"{path}:{number}"));
        }
        return records;
    }

    private static DrillHistoryRecord Parse(string line, string where)
    {
        if (string.IsNullOrWhiteSpace(line)) throw Malformed(where, "an empty line");
        DrillHistoryRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<DrillHistoryRecord>(line, Json);
        }
        catch (JsonException e)
        {
            throw Malformed(where, e.Message, e);
        }
        if (record is null) throw Malformed(where, "null");
        if (record.Result is not (DrillHistoryRecord.Pass or DrillHistoryRecord.Fail or DrillHistoryRecord.Invalid))
            throw Malformed(where, $"result '{record.Result}' is none of pass, fail, invalid");
        if (record.Drill.Length == 0 || record.Severity.Length == 0 || record.Environment.Length == 0)
            throw Malformed(where, "drill, severity and environment must not be empty");
        if (!(record.TimeScale is > 0 and <= 1)) throw Malformed(where, $"timeScale {record.TimeScale} is not above 0 and at most 1");
        if (record.RtoTargetMs < 0 || record.RtoAcceptableMs < record.RtoTargetMs || record.ProjectedRtoMs < 0)
            throw Malformed(where, "the RTO figures are not a target, an acceptable limit at or above it and a non-negative projection");
        return record;
    }

    private static BadInputException Malformed(string where, string reason, Exception? inner = null)
        => new($"{where}: not a drill history record ({reason}).", inner);
}
