using Npgsql;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// A copy reached by a connection string: a provider's restored branch (left as it is when disposed), or a scratch
/// database this run made (dropped when disposed, by <paramref name="release"/>).
/// </summary>
internal sealed class ConnectedCopy(string connectionString, string endpoint, Func<ValueTask>? release = null) : DbCopy
{
    public override string Endpoint => endpoint;

    public override ValueTask DisposeAsync() => release?.Invoke() ?? ValueTask.CompletedTask;

    internal override async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellation).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e) when (DbErrors.Translate(e, endpoint) is { } translated)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw translated;
        }
    }
}
