using System.Diagnostics;
using Runbooks.Core.Errors;

namespace Runbooks.Drills.Environments.WireMock;

/// <summary>
/// Finds the WireMock standalone jar of the npm package <c>wiremock</c>, pinned by <c>tools/wiremock/package-lock.json</c>,
/// and installs it with <c>npm ci</c> on first use. Missing java or npm is an environment problem (exit 3) whose
/// message gives the exact install command.
/// </summary>
public static class WireMockInstallation
{
    /// <summary>The tool folder, relative to the repository root.</summary>
    public const string ToolFolder = "tools/wiremock";

    /// <summary>The command that installs Java here.</summary>
    public const string JavaInstallCommand = "sudo apt-get install -y openjdk-17-jre-headless";

    /// <summary>The command that installs Node.js and npm here.</summary>
    public const string NodeInstallCommand = "sudo apt-get install -y nodejs npm";

    private static readonly Lock Gate = new();

    /// <summary>Returns the jar's path, running <c>npm ci</c> first when the package is not installed yet.</summary>
    public static string EnsureJar(string? repositoryRoot = null)
    {
        var tool = Path.Combine(repositoryRoot ?? FindRepositoryRoot(), ToolFolder);
        RequireOnPath("java", $"Java 17 is needed to run the WireMock simulator but 'java' is not on PATH: install it with `{JavaInstallCommand}`.");
        lock (Gate)
        {
            if (FindJar(tool) is { } jar) return jar;
            RequireOnPath("npm", $"npm is needed to install the WireMock simulator but 'npm' is not on PATH: install it with `{NodeInstallCommand}`.");
            Run("npm", ["ci", "--prefix", tool, "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(3));
            return FindJar(tool) ?? throw new EnvironmentUnavailableException(
                $"`npm ci --prefix {tool}` finished but no WireMock jar is in {tool}/node_modules/wiremock/build.");
        }
    }

    /// <summary>The folder holding <c>tools/wiremock/package.json</c>, searched upward from the current directory and the app's folder.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
                if (File.Exists(Path.Combine(dir, ToolFolder, "package.json"))) return dir;
        throw new EnvironmentUnavailableException(
            $"Cannot find {ToolFolder}/package.json above {Directory.GetCurrentDirectory()}: run from inside the Runbooks repository.");
    }

    private static string? FindJar(string tool)
    {
        var build = Path.Combine(tool, "node_modules", "wiremock", "build");
        return Directory.Exists(build) ? Directory.GetFiles(build, "wiremock-standalone-*.jar").OrderDescending().FirstOrDefault() : null;
    }

    private static void RequireOnPath(string command, string message)
    {
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, command))))
            throw new EnvironmentUnavailableException(message);
    }

    private static void Run(string file, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new EnvironmentUnavailableException($"`{file} {string.Join(' ', args)}` did not finish within {timeout.TotalMinutes:0} min.");
        }
        if (process.ExitCode != 0)
            throw new EnvironmentUnavailableException(
                $"`{file} {string.Join(' ', args)}` failed with exit code {process.ExitCode}: {stderr.Result.Trim().Split('\n').LastOrDefault()}");
    }
}
