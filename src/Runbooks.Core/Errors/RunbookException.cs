namespace Runbooks.Core.Errors;

/// <summary>
/// An error the user can act on: its message is one sentence naming the file, param or endpoint at fault,
/// and <see cref="ExitCode"/> is the documented exit code it maps to.
/// </summary>
public class RunbookException : Exception
{
    /// <summary>Creates the error.</summary>
    public RunbookException(string message, int exitCode, Exception? inner = null) : base(message, inner)
        => ExitCode = exitCode;

    /// <summary>The exit code the process ends with when this error ends the run.</summary>
    public int ExitCode { get; }
}

/// <summary>Bad input (exit 2): a missing param or secret, an unreadable runbook, a malformed file.</summary>
public class BadInputException(string message, Exception? inner = null)
    : RunbookException(message, ExitCodes.BadInput, inner);

/// <summary>An environment could not be started or reached (exit 3): a database that went away, a provider that cannot be reached.</summary>
public class EnvironmentUnavailableException(string message, Exception? inner = null)
    : RunbookException(message, ExitCodes.EnvironmentUnavailable, inner);
