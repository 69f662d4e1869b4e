using Runbooks.Drills.Environments.Postgres;

namespace Runbooks.Tests.Providers.Postgres;

/// <summary>One durable embedded server that archives its WAL, shared by the point-in-time tests of a class.</summary>
public sealed class ArchivingPostgres : IAsyncLifetime
{
    private int _next;

    public EmbeddedPostgres Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { Durable = true, ArchiveWal = true });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public Task<string> NewDatabaseAsync() => Server.CreateDatabaseAsync($"pitr_{Interlocked.Increment(ref _next)}_{Guid.NewGuid().ToString("N")[..6]}");
}
