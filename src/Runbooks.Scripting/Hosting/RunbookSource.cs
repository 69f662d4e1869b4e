using Runbooks.Core.Errors;

namespace Runbooks.Scripting.Hosting;

/// <summary>
/// A runbook file and everything it <c>#load</c>s, read as bytes: the cache key is computed from this closure
/// without Roslyn. Directives are found with a plain scan because Roslyn must not load on a cache hit.
/// </summary>
public sealed class RunbookSource
{
    private RunbookSource(string path, IReadOnlyList<SourceFile> files)
    {
        Path = path;
        Files = files;
    }

    /// <summary>The runbook's full path.</summary>
    public string Path { get; }

    /// <summary>The runbook first, then every file it loads (transitively), each once. A missing file has null content.</summary>
    public IReadOnlyList<SourceFile> Files { get; }

    /// <summary>Reads <paramref name="path"/> and its <c>#load</c> closure.</summary>
    public static RunbookSource Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var files = new List<SourceFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Visit(full, files, seen);
        return new RunbookSource(full, files);
    }

    private static void Visit(string path, List<SourceFile> files, HashSet<string> seen)
    {
        if (!seen.Add(path)) return;
        if (!File.Exists(path)) { files.Add(new SourceFile(path, null)); return; }
        var bytes = File.ReadAllBytes(path);
        files.Add(new SourceFile(path, bytes));
        var dir = System.IO.Path.GetDirectoryName(path)!;
        using var reader = new StreamReader(new MemoryStream(bytes));
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (IsReference(line))
                throw new BadInputException($"{RunbookLocator.Display(path)}({number},1): #r is not supported: a runbook uses the host's "
                    + "libraries and its globals, and a referenced DLL would run unchecked from the compile cache; #load a .csx instead.");
            if (LoadTarget(line) is { } target) Visit(System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, target)), files, seen);
        }
    }

    /// <summary>Whether the line is a <c>#r</c> directive (not <c>#region</c>).</summary>
    internal static bool IsReference(string line)
    {
        var t = line.AsSpan().TrimStart();
        return t.StartsWith("#r") && (t.Length == 2 || t[2] is ' ' or '\t' or '"');
    }

    /// <summary>The quoted path of a <c>#load "path"</c> line, or null. A plain scan: Regex would cost a cached run an assembly load.</summary>
    internal static string? LoadTarget(string line)
    {
        var t = line.AsSpan().Trim();
        if (!t.StartsWith("#load")) return null;
        t = t[5..].Trim();
        if (t.Length < 2 || t[0] != '"' || t[^1] != '"') return null;
        return t[1..^1].ToString();
    }
}

/// <summary>One file of a runbook's closure.</summary>
/// <param name="Path">Full path.</param>
/// <param name="Content">Its bytes, or null when it does not exist (the compiler reports it).</param>
public sealed record SourceFile(string Path, byte[]? Content);
