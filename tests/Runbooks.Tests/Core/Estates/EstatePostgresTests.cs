using Runbooks.Core.Errors;
using Runbooks.Core.Estates;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Core.Estates;

/// <summary>The estate's <c>postgres:</c> section: who runs the database, and where a provider's restore acts.</summary>
public sealed class EstatePostgresTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private Estate Read(string postgres)
    {
        var path = Path.Combine(_ws.Root, "estate.yaml");
        File.WriteAllText(path, "postgres:\n" + postgres);
        return EstateFile.Read(path, "estate.yaml");
    }

    [Fact]
    public void Absent_IsSelfManaged_AsTheRepositorysOwnIs()
    {
        Assert.Equal(EstatePostgresProvider.SelfManaged, Estate.Empty.Postgres.Provider);
        Assert.Equal(EstatePostgresProvider.SelfManaged, EstateFile.Read(Path.Combine(PostgresServer.RepositoryRoot, EstateFile.DefaultPath)).Postgres.Provider);
    }

    [Fact]
    public void Neon_AndSupabase_AreReadWithTheirIds()
    {
        var neon = Read("  { provider: neon, projectId: floral-disk-86322740, branchId: br-main-1, recoveryBranchId: br-recovery-2 }").Postgres;
        var supabase = Read("  { provider: supabase, projectRef: abcdefghijklmnopqrst }").Postgres;

        Assert.Equal(new EstatePostgres(EstatePostgresProvider.Neon, "floral-disk-86322740", "br-main-1", "br-recovery-2", "NEON_RECOVERY_DATABASE_URL"), neon);
        Assert.Equal(new EstatePostgres(EstatePostgresProvider.Supabase, SupabaseProjectRef: "abcdefghijklmnopqrst"), supabase);
    }

    [Theory]
    [InlineData("  { provider: aurora }", "postgres.provider 'aurora' is not one of self-managed, neon, supabase")]
    [InlineData("  { provider: neon, projectId: Floral_Disk, branchId: br-a, recoveryBranchId: br-b }", "postgres.projectId 'Floral_Disk' is not a Neon project id")]
    [InlineData("  { provider: neon, projectId: p-1, branchId: main, recoveryBranchId: br-b }", "postgres.branchId 'main' is not the production branch's id")]
    [InlineData("  { provider: neon, projectId: p-1, branchId: br-a }", "'recoveryBranchId' is required")]
    [InlineData("  { provider: neon, projectId: p-1, branchId: br-a, recoveryBranchId: br-a }", "postgres.recoveryBranchId must not be the production branch")]
    [InlineData("  { provider: neon, projectId: p-1, branchId: br-a, recoveryBranchId: br-b, recoverySecret: postgres://u:p@h/db }", "postgres.recoverySecret must name the secret")]
    [InlineData("  { provider: supabase, projectRef: ABC }", "postgres.projectRef 'ABC' is not the project ref")]
    [InlineData("  { provider: supabase, projectRef: abcdefghijklmnopqrst, projectId: p-1 }", "'projectId' is not a postgres (supabase) key")]
    [InlineData("  { provider: self-managed, projectRef: abcdefghijklmnopqrst }", "'projectRef' is not a postgres (self-managed) key")]
    public void EachBadValue_IsExit2_NamingTheKey(string postgres, string expected)
    {
        var e = Assert.Throws<EstateFileException>(() => Read(postgres));

        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("estate.yaml(2,", e.Message, StringComparison.Ordinal);
    }
}
