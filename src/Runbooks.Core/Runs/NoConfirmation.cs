namespace Runbooks.Core.Runs;

/// <summary>Nobody to ask: a destructive step needs <c>--yes</c> (a drill's trigger runs with it).</summary>
public sealed class NoConfirmation : IConfirmation
{
    /// <summary>The one instance; it holds no state.</summary>
    public static NoConfirmation Instance { get; } = new();

    private NoConfirmation() { }

    /// <inheritdoc />
    public bool CanAsk => false;

    /// <inheritdoc />
    public bool Confirm(string question) => false;
}
