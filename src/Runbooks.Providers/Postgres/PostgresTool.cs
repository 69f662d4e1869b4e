using System.Diagnostics;
using Npgsql;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// Runs a PostgreSQL client program (<c>pg_dump</c>, <c>pg_restore</c>) against the database Npgsql is configured for.
/// Host, port, user and database go on the command line; the password only through <c>PGPASSWORD</c> in the child's
/// environment, so it never shows in <c>ps</c>, in logs or in an error. The child's environment is built from scratch
/// (a search path, a locale, a temp folder and the <c>PG*</c> settings): none of the operator's tokens reach it, and its
/// output passes through the run's redactor before it reaches a message.
/// </summary>
internal static class PostgresTool
{
    /// <summary>
    /// Runs <paramref name="program"/> and returns its stderr; a non-zero exit throws a one-sentence error, the one
    /// <paramref name="describeFailure"/> makes of the (redacted) stderr when it makes one (psql names the file and line).
    /// </summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, DbClient db,
        IReadOnlyDictionary<string, string>? environment, CancellationToken cancellation,
        Func<string, Exception?>? describeFailure = null)
    {
        var settings = db.Settings;
        var redactor = db.Context.Secrets.Redactor;
        db.Context.Endpoints.EnsureHostAllowed(settings.Host, DatabaseUrl.Describe(settings), program);
        var binaries = PostgresBinaries.Locate();
        // The search checks the server programs only; a client program missing beside them is named with its package.
        if (!File.Exists(binaries.PathOf(program)))
            throw new EnvironmentUnavailableException($"{program} is not in {binaries.Directory}: sudo apt-get install -y postgresql-client.");
        var psi = new ProcessStartInfo(binaries.PathOf(program))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--host=" + (settings.Host ?? "localhost"));
        psi.ArgumentList.Add("--port=" + settings.Port);
        if (!string.IsNullOrEmpty(settings.Username)) psi.ArgumentList.Add("--username=" + settings.Username);
        psi.ArgumentList.Add("--no-password"); // never prompt: a runbook has no one at a password prompt
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        // No PG* of the operator's shell: the child talks to exactly the database Db talks to.
        ChildEnvironment.FromScratch(psi);
        if (!string.IsNullOrEmpty(settings.Password)) psi.Environment["PGPASSWORD"] = settings.Password;
        psi.Environment["PGSSLMODE"] = settings.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        psi.Environment["PGCONNECT_TIMEOUT"] = Math.Max(2, settings.Timeout).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (environment is not null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var errors = redactor.Redact(await stderr.ConfigureAwait(false));
        await stdout.ConfigureAwait(false);
        if (process.ExitCode == 0) return errors;

        var endpoint = DatabaseUrl.Describe(settings);
        var first = FirstError(errors);
        if (first.Contains("connection to server", StringComparison.Ordinal) || first.Contains("could not connect", StringComparison.Ordinal))
            throw new EnvironmentUnavailableException($"{program} could not reach database {endpoint}: {first}");
        if (describeFailure?.Invoke(errors) is { } described) throw described;
        throw new RunbookException($"{program} failed for database {endpoint} (exit {process.ExitCode}): {first}", ExitCodes.Failed);
    }

    private static string FirstError(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = lines.FirstOrDefault(l => l.Contains("error:", StringComparison.OrdinalIgnoreCase)) ?? lines.FirstOrDefault() ?? "no output";
        var colon = line.IndexOf("error:", StringComparison.OrdinalIgnoreCase);
        return (colon >= 0 ? line[(colon + 6)..].Trim() : line).TrimEnd('.');
    }
}
