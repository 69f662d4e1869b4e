using System.Diagnostics;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Fidelity;

/// <summary>
/// The real provider clients, unmodified, from <c>tests/fidelity/node_modules</c> (wrangler 3.114, the cloudflare SDK 7.3,
/// vercel 48.12, pinned by its lockfile), each run in a sandbox of its own: an empty working folder, a home and temp folder
/// of its own, no metrics, telemetry or update check, nothing of the shell's credentials, and only the simulator to talk to
/// (tests/fidelity/CLIENTS.md says what each needs).
/// </summary>
public static class RealClients
{
    public static string Folder => Path.Combine(PostgresServer.RepositoryRoot, "tests", "fidelity");

    /// <summary>Installs the pinned clients once when npm is here; without npm, one sentence says how to get it.</summary>
    public static void EnsureInstalled()
    {
        if (File.Exists(Path.Combine(Folder, "node_modules", "wrangler", "bin", "wrangler.js"))
            && File.Exists(Path.Combine(Folder, "node_modules", "vercel", "dist", "vc.js"))
            && Directory.Exists(Path.Combine(Folder, "node_modules", "cloudflare"))) return;
        var npm = Run("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], Folder,
            new Dictionary<string, string> { ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? Path.GetTempPath() }, TimeSpan.FromMinutes(5));
        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"The fidelity tests need the real clients: `bash scripts/prerequisites.sh --fidelity` installs Node.js, npm and them (npm ci in tests/fidelity said: {npm.Stderr.Trim()}).");
    }

    /// <summary>Runs wrangler with <paramref name="args"/> against the Cloudflare API at <paramref name="apiBaseUrl"/>.</summary>
    public static ClientResult Wrangler(string apiBaseUrl, string accountId, string[] args, string? stdin = null)
    {
        using var sandbox = new Sandbox();
        // Wrangler checks npm for a newer version on every banner and has no switch for it: a fresh cached answer stops it.
        Directory.CreateDirectory(Path.Combine(sandbox.Tmp, "update-check"));
        File.WriteAllText(Path.Combine(sandbox.Tmp, "update-check", "wrangler-latest.json"), """{"latest":"3.114.17","lastUpdate":9999999999999}""");
        var env = sandbox.Environment();
        env["CI"] = "true"; // non-interactive: prompts take their defaults (CLIENTS.md 1.2)
        env["CLOUDFLARE_API_BASE_URL"] = apiBaseUrl;
        env["CLOUDFLARE_API_TOKEN"] = "fidelity_token";
        env["CLOUDFLARE_ACCOUNT_ID"] = accountId;
        env["WRANGLER_SEND_METRICS"] = "false";
        env["WRANGLER_SEND_ERROR_REPORTS"] = "false";
        return Run("node", [Path.Combine(Folder, "node_modules", "wrangler", "bin", "wrangler.js"), .. args], sandbox.Cwd, env, TimeSpan.FromSeconds(60), stdin);
    }

    /// <summary>Runs the vercel CLI with <paramref name="args"/> against the API at <paramref name="apiUrl"/> (its root).</summary>
    public static ClientResult Vercel(string apiUrl, string[] args)
    {
        using var sandbox = new Sandbox();
        var env = sandbox.Environment();
        env["VERCEL_TELEMETRY_DISABLED"] = "1";
        env["NO_UPDATE_NOTIFIER"] = "1";
        return Run("node", [Path.Combine(Folder, "node_modules", "vercel", "dist", "vc.js"), "--api", apiUrl, "--token", "fidelity_token",
            "--global-config", Path.Combine(sandbox.Home, "vercel"), .. args], sandbox.Cwd, env, TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs a small Node script that uses the official Cloudflare SDK against <paramref name="apiBaseUrl"/>.</summary>
    public static ClientResult CloudflareSdk(string apiBaseUrl, string script)
    {
        using var sandbox = new Sandbox();
        var file = Path.Combine(sandbox.Cwd, "sdk.cjs");
        File.WriteAllText(file, $$"""
            const Cloudflare = require({{System.Text.Json.JsonSerializer.Serialize(Path.Combine(Folder, "node_modules", "cloudflare"))}});
            const client = new (Cloudflare.default || Cloudflare)({ apiToken: 'fidelity_token', baseURL: process.env.SIM_BASE_URL, maxRetries: 0 });
            (async () => {
            {{script}}
            })().catch(e => { console.error(e.constructor.name, e.status, e.message); process.exit(1); });
            """);
        var env = sandbox.Environment();
        env["SIM_BASE_URL"] = apiBaseUrl;
        return Run("node", [file], sandbox.Cwd, env, TimeSpan.FromSeconds(60));
    }

    private static ClientResult Run(string program, string[] args, string cwd, Dictionary<string, string> env, TimeSpan timeout, string? stdin = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = cwd,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Built from scratch: nothing of the shell's CLOUDFLARE_*, VERCEL_* or proxy settings reaches a client.
        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{program} could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not exit within {timeout}.");
        }
        return new ClientResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private sealed class Sandbox : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("runbooks-fidelity-").FullName;

        public Sandbox()
        {
            foreach (var d in new[] { Home, Tmp, Cwd }) Directory.CreateDirectory(d);
        }

        public string Home => Path.Combine(_root, "home");

        public string Tmp => Path.Combine(_root, "tmp");

        public string Cwd => Path.Combine(_root, "cwd");

        public Dictionary<string, string> Environment() => new()
        {
            ["HOME"] = Home, ["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config"), ["XDG_DATA_HOME"] = Path.Combine(Home, ".local", "share"),
            ["TMPDIR"] = Tmp, ["NO_PROXY"] = "127.0.0.1,localhost",
        };

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }
}

/// <summary>What a client process did.</summary>
public sealed record ClientResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
