namespace Runbooks.Core.Errors;

/// <summary>The process exit codes of the runbooks contract (DESIGN.md, "The CLI contract").</summary>
public static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Success = 0;

    /// <summary>A step, a verification or an RTO verdict failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad input: usage, a missing param or secret, a compile error, a malformed drill file.</summary>
    public const int BadInput = 2;

    /// <summary>An environment (database, provider API, simulator) could not be started or reached.</summary>
    public const int EnvironmentUnavailable = 3;

    /// <summary>Cancelled by Ctrl-C, SIGINT or SIGTERM.</summary>
    public const int Cancelled = 130;
}
