using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Runbooks.Tests.Support;

/// <summary>Starts the real <c>runbooks</c> CLI as a separate process, as an operator or CI would.</summary>
public static class RunbooksCli
{
    /// <summary>One compile cache for the whole test run: each distinct script compiles once.</summary>
    public static readonly string SharedCache = Path.Combine(Path.GetTempPath(), "runbooks-test-cache-" + Environment.ProcessId);

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "runbooks.dll");

    public static CliResult Run(string workingDirectory, params string[] args)
        => Run(workingDirectory, args, null, TimeSpan.FromSeconds(90));

    public static CliResult Run(string workingDirectory, string[] args, IDictionary<string, string?>? env, TimeSpan timeout)
    {
        using var process = Start(workingDirectory, args, env);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"runbooks {string.Join(' ', args)} did not exit within {timeout}.");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Starts the CLI without waiting. It is started through <c>env --default-signal=INT</c> because a process
    /// started from a non-interactive parent inherits SIGINT ignored, and .NET keeps an inherited ignore.
    /// </summary>
    public static Process Start(string workingDirectory, string[] args, IDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo("/usr/bin/env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--default-signal=INT");
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(DllPath);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["RUNBOOKS_CACHE_DIR"] = SharedCache;
        psi.Environment["DOTNET_NOLOGO"] = "1";
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;
        var process = Process.Start(psi)!;
        process.StandardInput.Close(); // no operator at the keyboard
        return process;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    public static void SendSigint(Process p) => kill(p.Id, 2);
}

/// <summary>What the CLI did: exit code and both streams.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
