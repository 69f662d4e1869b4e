namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>One rate-limit rule's current counting window (model clock timestamps), and how long its mitigation lasts.</summary>
internal sealed class RateWindow
{
    /// <summary>When the window opened.</summary>
    public long Start { get; set; }

    /// <summary>Requests counted in it.</summary>
    public long Count { get; set; }

    /// <summary>Until when requests are blocked after the limit was passed (0: not blocked).</summary>
    public long BlockedUntil { get; set; }
}
