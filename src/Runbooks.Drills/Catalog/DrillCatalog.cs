using Runbooks.Core.Errors;
using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Catalog;

/// <summary>Finds drill files: a name in <c>drills/</c>, a path to a <c>.drill.yaml</c>, or all of <c>drills/</c>.</summary>
public static class DrillCatalog
{
    /// <summary>The folder drills live in.</summary>
    public const string Folder = "drills";

    /// <summary>Every drill file in <c>drills/</c>, sorted.</summary>
    public static IReadOnlyList<string> All(string workingDirectory)
    {
        var dir = Path.Combine(workingDirectory, Folder);
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*.drill.yaml").OrderBy(f => f, StringComparer.Ordinal).ToList() : [];
    }

    /// <summary>Resolves a drill name or path, or throws a <see cref="BadInputException"/> listing the drills there are.</summary>
    public static string Resolve(string nameOrPath, string workingDirectory)
    {
        foreach (var candidate in new[]
                 {
                     Path.Combine(workingDirectory, nameOrPath),
                     Path.Combine(workingDirectory, Folder, nameOrPath),
                     Path.Combine(workingDirectory, Folder, nameOrPath + ".drill.yaml"),
                 })
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        var known = string.Join(", ", All(workingDirectory).Select(NameOf));
        throw new BadInputException($"Drill '{nameOrPath}' not found in {Path.Combine(workingDirectory, Folder)}; drills there: {(known.Length > 0 ? known : "none")}.");
    }

    /// <summary>The drill name a file stands for.</summary>
    public static string NameOf(string path) => Path.GetFileName(path).Replace(".drill.yaml", "", StringComparison.Ordinal);

    /// <summary>Reads every drill, naming each file relative to the working directory in errors.</summary>
    public static IReadOnlyList<DrillDefinition> Load(IEnumerable<string> paths, string workingDirectory)
        => paths.Select(p => DrillFileReader.Read(p, Path.GetRelativePath(workingDirectory, p))).ToList();
}
