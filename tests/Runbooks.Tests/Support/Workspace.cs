namespace Runbooks.Tests.Support;

/// <summary>A temporary project folder with a <c>runbooks/</c> directory, deleted on dispose.</summary>
public sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "runbooks-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(Root, "runbooks", "lib"));
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="relativePath"/> (under the workspace root) and returns its full path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    /// <summary>Writes a runbook under <c>runbooks/</c>.</summary>
    public string Runbook(string name, string text) => Write(Path.Combine("runbooks", name), text);

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    public bool Exists(string relativePath) => File.Exists(PathOf(relativePath));

    /// <summary>The only journal under <c>.runbooks/journal</c> (or the newest).</summary>
    public Journal LatestJournal()
    {
        var dir = PathOf(Path.Combine(".runbooks", "journal"));
        var file = Directory.GetFiles(dir, "*.jsonl").OrderBy(File.GetLastWriteTimeUtc).Last();
        return Journal.Load(file);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
