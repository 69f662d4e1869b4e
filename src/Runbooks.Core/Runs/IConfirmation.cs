namespace Runbooks.Core.Runs;

/// <summary>Asks the operator before a destructive step.</summary>
public interface IConfirmation
{
    /// <summary>Whether there is someone to ask (a terminal on stdin). When not, destructive steps need <c>--yes</c>.</summary>
    bool CanAsk { get; }

    /// <summary>Asks a yes/no question; true only for an explicit yes.</summary>
    bool Confirm(string question);
}
