using Runbooks.Core.Errors;

namespace Runbooks.Scripting.Hosting;

/// <summary>Finds a runbook by path or bare name: <c>./</c> first, then <c>runbooks/</c>; <c>.csx</c> may be left off.</summary>
public static class RunbookLocator
{
    /// <summary>The folder runbooks live in, relative to the working directory.</summary>
    public const string RunbooksFolder = "runbooks";

    /// <summary>Returns the full path of <paramref name="nameOrPath"/>, or throws a <see cref="BadInputException"/> saying where it looked.</summary>
    public static string Resolve(string nameOrPath, string? workingDirectory = null)
    {
        var cwd = workingDirectory ?? Directory.GetCurrentDirectory();
        foreach (var candidate in Candidates(nameOrPath, cwd))
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        throw new BadInputException(
            $"Runbook '{nameOrPath}' not found: looked in {cwd} and {Path.Combine(cwd, RunbooksFolder)}.");
    }

    private static IEnumerable<string> Candidates(string name, string cwd)
    {
        var withExt = name.EndsWith(".csx", StringComparison.OrdinalIgnoreCase) ? name : name + ".csx";
        yield return Path.Combine(cwd, name);
        yield return Path.Combine(cwd, withExt);
        if (!Path.IsPathRooted(name))
        {
            yield return Path.Combine(cwd, RunbooksFolder, name);
            yield return Path.Combine(cwd, RunbooksFolder, withExt);
        }
    }

    /// <summary>Every <c>*.csx</c> directly in <c>runbooks/</c> (libraries under <c>runbooks/lib</c> are not runbooks), sorted.</summary>
    public static IReadOnlyList<string> All(string? workingDirectory = null)
    {
        var dir = Path.Combine(workingDirectory ?? Directory.GetCurrentDirectory(), RunbooksFolder);
        return Directory.Exists(dir)
            ? Directory.GetFiles(dir, "*.csx").OrderBy(f => f, StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary><paramref name="path"/> relative to the working directory when it is under it, as a user would type it.</summary>
    public static string Display(string path, string? workingDirectory = null)
    {
        var rel = Path.GetRelativePath(workingDirectory ?? Directory.GetCurrentDirectory(), path);
        return rel.StartsWith("..", StringComparison.Ordinal) ? path : rel;
    }
}
