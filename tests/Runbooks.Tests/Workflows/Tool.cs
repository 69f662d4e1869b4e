using System.ComponentModel;
using System.Diagnostics;

namespace Runbooks.Tests.Workflows;

/// <summary>Runs a command-line tool (node, npm, bash) and collects what it printed.</summary>
public static class Tool
{
    /// <summary>Runs <paramref name="program"/>; a program that is not installed throws a sentence naming <paramref name="install"/>.</summary>
    public static ToolResult Run(string program, IEnumerable<string> args, string cwd, TimeSpan timeout, string install)
    {
        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"{program} could not be started.");
        }
        catch (Win32Exception)
        {
            throw new InvalidOperationException($"{program} is not installed: {install}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', psi.ArgumentList)} did not exit within {timeout}.");
            }
            return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
