namespace Runbooks.Tests.Workflows;

/// <summary>What a command-line tool run by a workflow test did.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
