using Runbooks.Core.Rto;
using Runbooks.Drills.Measurement;

namespace Runbooks.Tests.Drills.Measurement;

/// <summary>Seed 004's update cadence, judged on the projected timeline.</summary>
public sealed class CommunicationCadenceTests
{
    private static readonly Objective P0 = new("P0", "Service Down", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5)) { UpdateEvery = TimeSpan.FromMinutes(15) };

    private static CommunicationPoint At(double minutes, string status = "investigating") => new("status page", status, "x", TimeSpan.FromMinutes(minutes));

    [Fact]
    public void Updates_closer_than_the_cadence_until_recovery_hold()
    {
        var (finding, failure) = CommunicationCadence.Judge([At(2), At(14, "identified"), At(28, "monitoring")], P0, TimeSpan.FromMinutes(30));

        Assert.Null(failure);
        Assert.Contains("P0 cadence (every 15 min): held, longest silence 14 min", finding);
        Assert.Contains("status page investigating at +2 min", finding);
    }

    [Fact]
    public void A_silence_longer_than_the_cadence_before_recovery_fails_naming_it()
    {
        var (_, failure) = CommunicationCadence.Judge([At(2), At(20, "monitoring")], P0, TimeSpan.FromMinutes(21));

        Assert.Equal("People went 18 min without an update, beyond the P0 cadence of every 15 min (seed 004).", failure);
    }

    [Fact]
    public void The_silence_from_the_fault_to_the_first_update_counts()
    {
        var (_, failure) = CommunicationCadence.Judge([At(16)], P0, TimeSpan.FromMinutes(17));

        Assert.NotNull(failure);
    }

    [Fact]
    public void Nobody_told_is_a_finding_not_a_failure_and_posts_before_the_fault_do_not_count()
    {
        var (finding, failure) = CommunicationCadence.Judge([At(-1)], P0, TimeSpan.FromMinutes(3));

        Assert.Null(failure);
        Assert.Equal("Nobody was told: the runbook posted to no channel (seed 004: P0 updates every 15 min).", finding);
    }
}
