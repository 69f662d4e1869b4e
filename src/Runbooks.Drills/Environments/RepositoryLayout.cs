using Runbooks.Core.Errors;

namespace Runbooks.Drills.Environments;

/// <summary>Where the repository is: the folder above the current one (or the program) that holds <c>Runbooks.sln</c>.</summary>
public static class RepositoryLayout
{
    /// <summary>The repository root; outside one, an error saying to run from inside it.</summary>
    public static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
                if (File.Exists(Path.Combine(dir, "Runbooks.sln"))) return dir;
        throw new EnvironmentUnavailableException($"Cannot find Runbooks.sln above {Directory.GetCurrentDirectory()}: run from inside the Runbooks repository.");
    }
}
