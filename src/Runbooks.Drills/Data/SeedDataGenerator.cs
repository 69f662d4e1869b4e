using System.Diagnostics;
using Bogus;
using Npgsql;
using NpgsqlTypes;

namespace Runbooks.Drills.Data;

/// <summary>
/// Fills the seeds' schema (users, pitches, sessions, events, recovery_cases, creator_settings, audit_log, as created by
/// <c>drills/db/migrations</c> up to at least version 7) with Bogus data, deterministic by seed, through binary COPY so
/// that a million rows take seconds, not minutes. Ids are written explicitly and the sequences moved past them.
/// </summary>
public static class SeedDataGenerator
{
    // Fixed, not "now": the same seed must give the same rows tomorrow.
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Roles = ["creator", "creator", "investor", "production", "admin"];
    private static readonly string[] Genres = ["drama", "comedy", "thriller", "documentary", "sci-fi", "horror", "animation"];
    private static readonly string[] EventTypes = ["payment.succeeded", "payment.failed", "pitch.viewed", "pitch.saved", "login", "webhook.received"];
    private static readonly string[] Reasons = ["card_declined", "insufficient_funds", "expired_card", "processing_error"];
    private static readonly string[] Actions = ["create", "update", "delete", "login", "export"];

    /// <summary>Writes the data into the database <paramref name="connectionString"/> names; its tables should be empty.</summary>
    public static async Task<SeedDataResult> FillAsync(string connectionString, SeedDataOptions? options = null,
        CancellationToken cancellation = default)
    {
        options ??= SeedDataOptions.Small;
        options.Validate();
        var clock = Stopwatch.StartNew();
        var f = new Faker("en") { Random = new Randomizer(options.Seed) };
        var users = options.Users;
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);

        var roles = new string[users + 1];
        rows["users"] = await Copy(connection, "users (id, email, name, role, created_at)", users, async (w, i) =>
        {
            var id = i + 1;
            roles[id] = f.PickRandom(Roles);
            var first = f.Name.FirstName();
            var last = f.Name.LastName();
            await w.WriteAsync((long)id, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
            await w.WriteAsync($"{first}.{last}.{id}@example.com".ToLowerInvariant(), NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
            await w.WriteAsync($"{first} {last}", NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
            await w.WriteAsync(roles[id], NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
            await w.WriteAsync(Moment(f, 0, 365), NpgsqlDbType.TimestampTz, cancellation).ConfigureAwait(false);
        }, cancellation).ConfigureAwait(false);

        rows["pitches"] = await Copy(connection, "pitches (id, user_id, title, logline, genre, budget_cents, status, created_at)", users * 2,
            async (w, i) =>
            {
                await w.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
                await w.WriteAsync((long)(i / 2) + 1, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.Lorem.Sentence(3, 2).TrimEnd('.'), NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.Lorem.Sentence(12, 6), NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.PickRandom(Genres), NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.Random.Long(10_000_00, 50_000_000_00), NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.Random.WeightedRandom(["draft", "published", "archived"], [0.3f, 0.6f, 0.1f]), NpgsqlDbType.Text,
                    cancellation).ConfigureAwait(false);
                await w.WriteAsync(Moment(f, 0, 365), NpgsqlDbType.TimestampTz, cancellation).ConfigureAwait(false);
            }, cancellation).ConfigureAwait(false);

        rows["sessions"] = await Copy(connection, "sessions (id, user_id, token_hash, created_at, expires_at)", users, async (w, i) =>
        {
            var created = Moment(f, 300, 365);
            await w.WriteAsync(f.Random.Guid(), NpgsqlDbType.Uuid, cancellation).ConfigureAwait(false);
            await w.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
            await w.WriteAsync(f.Random.Hash(64), NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
            await w.WriteAsync(created, NpgsqlDbType.TimestampTz, cancellation).ConfigureAwait(false);
            await w.WriteAsync(created.AddDays(30), NpgsqlDbType.TimestampTz, cancellation).ConfigureAwait(false);
        }, cancellation).ConfigureAwait(false);

        rows["events"] = await Copy(connection, "events (id, user_id, type, payload, occurred_at)", users * 10, async (w, i) =>
        {
            var type = f.PickRandom(EventTypes);
            await w.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
            await w.WriteAsync((long)(i / 10) + 1, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
            await w.WriteAsync(type, NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
            await w.WriteAsync($$"""{"source":"whop","amount_cents":{{f.Random.Int(100, 99_900)}},"attempt":{{f.Random.Int(1, 4)}}}""",
                NpgsqlDbType.Jsonb, cancellation).ConfigureAwait(false);
            await w.WriteAsync(Moment(f, 0, 365), NpgsqlDbType.TimestampTz, cancellation).ConfigureAwait(false);
        }, cancellation).ConfigureAwait(false);

        rows["recovery_cases"] = await Copy(connection,
            "recovery_cases (id, user_id, status, reason, amount_cents, opened_at, closed_at)", Math.Max(1, users / 2), async (w, i) =>
            {
                var status = f.Random.WeightedRandom(["open", "recovered", "lost"], [0.3f, 0.5f, 0.2f]);
                var opened = Moment(f, 200, 365);
                await w.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
                await w.WriteAsync((long)(i * 2) % users + 1, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
                await w.WriteAsync(status, NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.PickRandom(Reasons), NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.Random.Long(500, 250_000), NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
                await w.WriteAsync(opened, NpgsqlDbType.TimestampTz, cancellation).ConfigureAwait(false);
                if (status == "open") await w.WriteNullAsync(cancellation).ConfigureAwait(false);
                else await w.WriteAsync(opened.AddHours(f.Random.Int(1, 240)), NpgsqlDbType.TimestampTz, cancellation).ConfigureAwait(false);
            }, cancellation).ConfigureAwait(false);

        var creators = Enumerable.Range(1, users).Where(id => roles[id] == "creator").ToList();
        rows["creator_settings"] = await Copy(connection,
            "creator_settings (user_id, notifications, payout_threshold_cents, timezone, updated_at)", creators.Count, async (w, i) =>
            {
                await w.WriteAsync((long)creators[i], NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.Random.Bool(0.8f), NpgsqlDbType.Boolean, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.Random.Long(10, 500) * 100, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.PickRandom("UTC", "America/New_York", "Europe/London", "Africa/Johannesburg"), NpgsqlDbType.Text,
                    cancellation).ConfigureAwait(false);
                await w.WriteAsync(Moment(f, 0, 365), NpgsqlDbType.TimestampTz, cancellation).ConfigureAwait(false);
            }, cancellation).ConfigureAwait(false);

        rows["audit_log"] = await Copy(connection, "audit_log (id, actor_id, action, entity, entity_id, detail, at)", users * 3,
            async (w, i) =>
            {
                await w.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
                await w.WriteAsync((long)(i / 3) + 1, NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.PickRandom(Actions), NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.PickRandom("pitch", "user", "session", "settings"), NpgsqlDbType.Text, cancellation).ConfigureAwait(false);
                await w.WriteAsync(f.Random.Long(1, users), NpgsqlDbType.Bigint, cancellation).ConfigureAwait(false);
                await w.WriteAsync($$"""{"ip":"{{f.Internet.Ip()}}"}""", NpgsqlDbType.Jsonb, cancellation).ConfigureAwait(false);
                await w.WriteAsync(Moment(f, 0, 365), NpgsqlDbType.TimestampTz, cancellation).ConfigureAwait(false);
            }, cancellation).ConfigureAwait(false);

        // Explicit ids bypassed the sequences; move them past the data so the application's next insert does not collide.
        await using (var cmd = new NpgsqlCommand(string.Join(';', new[] { "users", "pitches", "events", "recovery_cases", "audit_log" }
                         .Select(t => $"SELECT setval(pg_get_serial_sequence('{t}', 'id'), greatest((SELECT max(id) FROM {t}), 1))")), connection, tx))
            await cmd.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        await tx.CommitAsync(cancellation).ConfigureAwait(false);
        await using (var analyze = new NpgsqlCommand("ANALYZE", connection))
            await analyze.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        return new SeedDataResult(rows, clock.ElapsedMilliseconds);
    }

    private static DateTimeOffset Moment(Faker f, int fromDay, int toDay)
        => Epoch.AddSeconds(f.Random.Long(fromDay * 86_400L, toDay * 86_400L));

    private static async Task<long> Copy(NpgsqlConnection connection, string target, int count,
        Func<NpgsqlBinaryImporter, int, Task> writeRow, CancellationToken cancellation)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", cancellation)
            .ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            await writer.StartRowAsync(cancellation).ConfigureAwait(false);
            await writeRow(writer, i).ConfigureAwait(false);
        }
        return (long)await writer.CompleteAsync(cancellation).ConfigureAwait(false);
    }
}
