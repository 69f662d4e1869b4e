using Runbooks.Core.Runs;

namespace Runbooks.Cli.Output;

/// <summary>Asks on the terminal; anything but y/yes is a no.</summary>
internal sealed class TerminalConfirmation(bool canAsk) : IConfirmation
{
    public bool CanAsk => canAsk;

    public bool Confirm(string question)
    {
        Console.Out.Write($"{question} [y/N] ");
        Console.Out.Flush();
        var answer = Console.In.ReadLine()?.Trim().ToLowerInvariant();
        return answer is "y" or "yes";
    }
}
