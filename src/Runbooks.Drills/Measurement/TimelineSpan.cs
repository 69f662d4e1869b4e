namespace Runbooks.Drills.Measurement;

/// <summary>
/// A span of a drill's timeline that is not measured work: an assumed window, or simulated provider time. Anything the
/// timeline holds outside such spans is measured.
/// </summary>
/// <param name="From">Start, on the drill's clock (time since load started).</param>
/// <param name="To">End, on the drill's clock.</param>
/// <param name="Kind"><see cref="SpanKind.Simulated"/> or <see cref="SpanKind.Assumed"/>.</param>
/// <param name="What">What it is, for the reports ("Cloudflare propagation", "the alert rule's 2 min window").</param>
/// <param name="RealWorld">
/// The real-world length it stands for when that is not its drill length over the scale: a backup's age, which the drill
/// does not wait for at all.
/// </param>
public sealed record TimelineSpan(TimeSpan From, TimeSpan To, SpanKind Kind, string What, TimeSpan? RealWorld = null)
{
    /// <summary>Its length on the drill's clock.</summary>
    public TimeSpan Length => To - From;
}
