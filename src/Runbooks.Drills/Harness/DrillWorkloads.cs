using Npgsql;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Load;

namespace Runbooks.Drills.Harness;

/// <summary>
/// The synthetic users of a drill: requests to the simulated service (a status the drill accepts is a success), or the
/// application's read query against PostgreSQL. The acknowledged writes for RPO are <see cref="DrillWriteTable"/>'s.
/// </summary>
internal static class DrillWorkloads
{
    /// <summary>What a pitch page reads: it breaks when the schema or the rows it needs are gone.</summary>
    private const string ReadQuery = "SELECT p.title, u.email FROM pitches p JOIN users u ON u.id = p.user_id WHERE p.id = @id";

    public static LoadScenario Http(DrillSite site, HttpMessageInvoker client, LoadCredential? credential)
    {
        var url = site.ServiceUrl ?? throw new InvalidOperationException($"Drill {site.Drill.Name} has no HTTP target.");
        return HttpLoad.Get(site.Drill.Load.Target.Name(), url, client, StatusAcceptance.Parse(site.Drill.Load.Accept).Accepts, credential);
    }

    public static async Task<LoadScenario> DatabaseReadsAsync(NpgsqlDataSource source, CancellationToken cancellation)
    {
        long[] ids;
        await using (var cmd = source.CreateCommand("SELECT id FROM pitches ORDER BY id"))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false))
        {
            var list = new List<long>();
            while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) list.Add(reader.GetInt64(0));
            ids = [.. list];
        }
        if (ids.Length == 0) throw new InvalidOperationException("The drill database has no pitches to read.");
        return LoadScenario.Create("database", async (seq, ct) =>
        {
            await using var cmd = source.CreateCommand(ReadQuery);
            cmd.Parameters.AddWithValue("id", ids[seq % ids.Length]);
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false) ? LoadResponse.Ok() : LoadResponse.Fail("missing row");
        });
    }
}
