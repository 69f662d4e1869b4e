using Runbooks.Core.Errors;
using Runbooks.Core.Sealing;

namespace Runbooks.Core.Secrets;

/// <summary>
/// Reads secrets (API tokens, connection strings) from the run's variables and registers every value it hands out
/// with the run's <see cref="SecretRedactor"/>.
/// </summary>
public sealed class SecretStore(SecretRedactor redactor, RunVariables? variables = null)
{
    /// <summary>The redactor every secret is registered with.</summary>
    public SecretRedactor Redactor { get; } = redactor;

    /// <summary>Where secrets are read: the process environment, or a drill's sealed set.</summary>
    public RunVariables Variables { get; } = variables ?? RunVariables.Process;

    /// <summary>Returns the secret, or throws a <see cref="BadInputException"/> naming the variable to set.</summary>
    public string Get(string name)
        => TryGet(name) ?? throw new BadInputException(Variables.IsSealed
            ? $"Secret {name} is not set: a drill's runbook sees only what the drill provides, never the shell's environment."
            : $"Secret {name} is not set: export {name}=... in the environment that runs the runbook.");

    /// <summary>Returns the secret, or null when the variable is not set.</summary>
    public string? TryGet(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var value = Variables.Get(name);
        if (value is null) return null;
        Redactor.Add(value, name);
        return value;
    }
}
