using System.Diagnostics;

namespace Runbooks.Drills.History;

/// <summary>Which commit a drill ran at, for its history record.</summary>
public static class GitCommit
{
    /// <summary>
    /// <c>GITHUB_SHA</c> when set (a CI checkout may be detached or shallow, and the workflow's commit is the one that
    /// matters); else <c>git rev-parse HEAD</c> in <paramref name="workingDirectory"/>; null when that is not a git
    /// checkout or git is missing: a history without a commit is still a history.
    /// </summary>
    /// <param name="workingDirectory">The repository.</param>
    /// <param name="environment">Reads an environment variable; <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    public static string? Resolve(string workingDirectory, Func<string, string?>? environment = null)
    {
        var sha = (environment ?? Environment.GetEnvironmentVariable)("GITHUB_SHA");
        if (!string.IsNullOrWhiteSpace(sha)) return sha.Trim();
        try
        {
            var psi = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("rev-parse");
            psi.ArgumentList.Add("HEAD");
            using var git = Process.Start(psi);
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                git.Kill(entireProcessTree: true);
                return null;
            }
            var head = output.Result.Trim();
            return git.ExitCode == 0 && head.Length > 0 ? head : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
