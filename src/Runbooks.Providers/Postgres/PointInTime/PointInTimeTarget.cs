using System.Globalization;
using System.Text.RegularExpressions;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// The moment a point-in-time copy is recovered to: a time, a WAL location (LSN), or just before a transaction (the one
/// that corrupted the data, as <see cref="WalArchive.FindCorruption"/> finds it). Exactly one is set.
/// </summary>
public sealed partial record PointInTimeTarget
{
    private PointInTimeTarget(DateTimeOffset? time, string? lsn, uint? beforeTransaction)
    {
        Time = time;
        Lsn = lsn;
        BeforeTransaction = beforeTransaction;
    }

    /// <summary>The state as of this time (transactions committed at or before it).</summary>
    public DateTimeOffset? Time { get; }

    /// <summary>The state as of this WAL location, e.g. <c>0/1DE2850</c>.</summary>
    public string? Lsn { get; }

    /// <summary>The state just before this transaction committed: everything else committed before it is kept.</summary>
    public uint? BeforeTransaction { get; }

    /// <summary>The state as of <paramref name="time"/>.</summary>
    public static PointInTimeTarget At(DateTimeOffset time) => new(time.ToUniversalTime(), null, null);

    /// <summary>The state as of WAL location <paramref name="lsn"/>.</summary>
    public static PointInTimeTarget AtLsn(string lsn)
        => LsnPattern().IsMatch(lsn) ? new(null, lsn.ToUpperInvariant(), null)
            : throw new BadInputException($"'{lsn}' is not a WAL location (an LSN such as 0/1DE2850).");

    /// <summary>The state just before <paramref name="corruption"/> committed.</summary>
    public static PointInTimeTarget Before(CorruptingTransaction corruption) => new(null, null, corruption.Transaction);

    /// <summary>
    /// Reads a runbook param: an ISO 8601 time with its offset (<c>2026-03-02T09:55:00Z</c>) or an LSN
    /// (<c>0/1DE2850</c>); anything else is bad input naming <paramref name="param"/>.
    /// </summary>
    public static PointInTimeTarget Parse(string text, string param)
    {
        if (LsnPattern().IsMatch(text)) return AtLsn(text);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return At(time);
        throw new BadInputException($"--param {param}={text} is neither a time (2026-03-02T09:55:00Z) nor a WAL location (0/1DE2850).");
    }

    /// <summary>The recovery settings that stop replay here.</summary>
    internal IReadOnlyDictionary<string, string> RecoverySettings()
        => BeforeTransaction is { } xid
            ? new Dictionary<string, string> { ["recovery_target_xid"] = xid.ToString(CultureInfo.InvariantCulture), ["recovery_target_inclusive"] = "off" }
            : Lsn is { } lsn
                ? new Dictionary<string, string> { ["recovery_target_lsn"] = lsn }
                : new Dictionary<string, string> { ["recovery_target_time"] = Time!.Value.ToString("yyyy-MM-dd HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture) };

    /// <inheritdoc />
    public override string ToString()
        => BeforeTransaction is { } xid ? $"just before transaction {xid}"
            : Lsn is { } lsn ? $"WAL location {lsn}"
            : $"{Time!.Value:yyyy-MM-dd HH:mm:ss.fff} UTC";

    [GeneratedRegex("^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$")]
    private static partial Regex LsnPattern();
}
