using Runbooks.Core.Errors;

namespace Runbooks.Drills.Data;

/// <summary>
/// How much synthetic data <see cref="SeedDataGenerator"/> writes, and from which seed. Everything else is derived from
/// <see cref="Users"/> (about 18 rows per user over the seven tables), so one number scales the whole database.
/// </summary>
public sealed record SeedDataOptions
{
    /// <summary>Rows written per user, over all tables (1 user, 2 pitches, 1 session, 10 events, 3 audit entries, half a recovery case and half a settings row).</summary>
    public const double RowsPerUser = 18;

    /// <summary>The default: small enough for every test (100 users, about 1,800 rows).</summary>
    public static readonly SeedDataOptions Small = new();

    /// <summary>The random seed: the same seed and size give the same rows, byte for byte.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>How many users; the other tables follow.</summary>
    public int Users { get; init; } = 100;

    /// <summary>Options that write about <paramref name="rows"/> rows in total (e.g. 1,000,000 for a benchmark).</summary>
    public static SeedDataOptions ForTotalRows(long rows, int seed = 42)
        => new() { Seed = seed, Users = (int)Math.Max(1, Math.Round(rows / RowsPerUser)) };

    internal void Validate()
    {
        if (Users < 1) throw new BadInputException($"SeedDataOptions.Users must be at least 1, not {Users}.");
    }
}

/// <summary>How many rows <see cref="SeedDataGenerator"/> wrote to each table.</summary>
/// <param name="Rows">Rows per table.</param>
/// <param name="ElapsedMs">How long it took.</param>
public sealed record SeedDataResult(IReadOnlyDictionary<string, long> Rows, long ElapsedMs)
{
    /// <summary>All rows written.</summary>
    public long Total => Rows.Values.Sum();
}
