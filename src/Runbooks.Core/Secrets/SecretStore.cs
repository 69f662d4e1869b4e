using Runbooks.Core.Errors;

namespace Runbooks.Core.Secrets;

/// <summary>
/// Reads secrets (API tokens, connection strings) from the environment and registers every value it hands out
/// with the run's <see cref="SecretRedactor"/>.
/// </summary>
public sealed class SecretStore(SecretRedactor redactor, Func<string, string?>? lookup = null)
{
    private readonly Func<string, string?> _lookup = lookup ?? Environment.GetEnvironmentVariable;

    /// <summary>The redactor every secret is registered with.</summary>
    public SecretRedactor Redactor { get; } = redactor;

    /// <summary>Returns the secret, or throws a <see cref="BadInputException"/> naming the variable to set.</summary>
    public string Get(string name)
        => TryGet(name) ?? throw new BadInputException(
            $"Secret {name} is not set: export {name}=... in the environment that runs the runbook.");

    /// <summary>Returns the secret, or null when the variable is not set.</summary>
    public string? TryGet(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var value = _lookup(name);
        if (string.IsNullOrEmpty(value)) return null;
        Redactor.Add(value);
        return value;
    }
}
