using System.Net.Sockets;
using Npgsql;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// Turns Npgsql's failures to reach a database into the contract's exit 3 (<see cref="EnvironmentUnavailableException"/>)
/// naming <c>host:port/database</c>, never the password. SQL errors (a bad statement, a constraint) are left alone:
/// they belong to the step that ran the statement.
/// </summary>
internal static class DbErrors
{
    /// <summary>The exception to throw instead of <paramref name="e"/>, or null to let <paramref name="e"/> through.</summary>
    public static Exception? Translate(Exception e, string endpoint) => e switch
    {
        PostgresException { SqlState: "3D000" } => new EnvironmentUnavailableException($"Database {endpoint} does not exist.", e),
        PostgresException { SqlState: "28P01" or "28000" } p =>
            new EnvironmentUnavailableException($"Database {endpoint} refused the login: {p.MessageText}.", e),
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" } p =>
            new EnvironmentUnavailableException($"Database {endpoint} went away: {p.MessageText}.", e),
        PostgresException { SqlState: var s } when s.StartsWith("08", StringComparison.Ordinal) =>
            new EnvironmentUnavailableException($"Database {endpoint} dropped the connection.", e),
        PostgresException => null,
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } or NpgsqlException { IsTransient: true } =>
            new EnvironmentUnavailableException($"Database {endpoint} cannot be reached: {Reason(e)}.", e),
        SocketException => new EnvironmentUnavailableException($"Database {endpoint} cannot be reached: {Reason(e)}.", e),
        _ => null,
    };

    private static string Reason(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is SocketException s) return s.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "host not found",
                SocketError.TimedOut => "timed out",
                _ => s.Message.TrimEnd('.'),
            };
        return e.InnerException is TimeoutException ? "timed out" : "the connection broke";
    }
}
