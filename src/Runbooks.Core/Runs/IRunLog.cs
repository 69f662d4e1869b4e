namespace Runbooks.Core.Runs;

/// <summary>
/// Where a runbook and the provider clients it calls write what they do: a line in the console and an event
/// in the journal. Secrets are redacted by the implementation.
/// </summary>
public interface IRunLog
{
    /// <summary>Writes one line, attributed to the step that is running, if any.</summary>
    void Log(string message);
}
